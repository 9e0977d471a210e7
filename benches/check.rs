//! Core benches: `check()` on a typical 2 KB template and on a 1 MB one, and catalog loading.
//! Run: `cargo bench --bench check`.

#[path = "corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use macrolint::catalog::{Catalog, Origin};
use macrolint::{Context, Document, Format, check};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let catalog = Catalog::default_catalog();
    catalog.warm_up();
    let ctx = Context::new(&catalog, "2026-01-01".parse().unwrap());

    let mut rng = fastrand::Rng::with_seed(7);
    let typical = corpus::template(&mut rng, 2_000);
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(typical.len() as u64));
    g.bench_function("typical_2kb", |b| {
        b.iter(|| {
            check(
                &Document::new(black_box(typical.clone()), Format::Markdown),
                &ctx,
            )
        })
    });
    let large = corpus::large(7, 1 << 20);
    g.throughput(Throughput::Bytes(large.len() as u64));
    g.sample_size(20);
    g.bench_function("large_1mb", |b| {
        b.iter(|| {
            check(
                &Document::new(black_box(large.clone()), Format::Markdown),
                &ctx,
            )
        })
    });
    g.finish();

    let mut g = c.benchmark_group("catalog");
    g.bench_function("load_default_deferred", |b| {
        b.iter(|| {
            Catalog::from_toml(
                black_box(macrolint::catalog::DEFAULT_CATALOG_TOML),
                Origin::Default,
            )
            .unwrap()
        })
    });
    g.sample_size(10);
    g.bench_function("load_user_compiled", |b| {
        b.iter(|| {
            Catalog::from_toml(
                black_box(macrolint::catalog::DEFAULT_CATALOG_TOML),
                Origin::File("user.toml".into()),
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
