//! Core benches: `check()` on a typical 2 KB template and on a 1 MB one (sparse and
//! contact-dense), the stages of a dense 1 MB check one by one (tokenize, scan, rules, report),
//! and catalog loading. Run: `cargo bench --bench check`.

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
    let dense = corpus::dense_large(7, 1 << 20);
    g.throughput(Throughput::Bytes(dense.len() as u64));
    g.bench_function("dense_1mb", |b| {
        b.iter(|| {
            check(
                &Document::new(black_box(dense.clone()), Format::Markdown),
                &ctx,
            )
        })
    });
    g.finish();

    // The stages of the dense check: `rules` is the whole check (scan included), so the
    // rules' own share is `rules - scan`; `report` renders its findings as JSON.
    let mut g = c.benchmark_group("stage_dense_1mb");
    g.throughput(Throughput::Bytes(dense.len() as u64));
    g.sample_size(10);
    let whole = macrolint::ByteRange::new(0, dense.len());
    g.bench_function("tokenize", |b| {
        b.iter(|| macrolint::words::tokenize(black_box(&dense), &[]))
    });
    g.bench_function("scan", |b| {
        b.iter(|| macrolint::scan::scan(black_box(&dense), whole, &catalog))
    });
    g.bench_function("rules", |b| {
        b.iter(|| {
            check(
                &Document::new(black_box(dense.as_str()), Format::Plain),
                &ctx,
            )
        })
    });
    let files = vec![macrolint::report::CheckedFile {
        path: "dense.md".into(),
        findings: check(&Document::new(dense.as_str(), Format::Plain), &ctx),
        text: dense.clone(),
    }];
    let opts = macrolint::report::Options {
        lang: macrolint::Lang::En,
        color: false,
    };
    g.bench_function("report_json", |b| {
        b.iter(|| macrolint::report::json::render(black_box(&files), opts))
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
