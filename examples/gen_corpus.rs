//! Writes the benchmark corpus to disk:
//! `cargo run --release --example gen_corpus -- [--dense] DIR [N] [SEED]`.
//!
//! N templates of ~2.5 KB (default 20,000: about 50 MB) in 100 folders, plus `large/1mb.md`.
//! `--dense`: every line a phone, an e-mail, a link or a claim.

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let dense = args.next_if(|a| a == "--dense").is_some();
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/corpus".into()));
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let mut bytes = 0;
    let templates = if dense {
        corpus::dense_templates(seed, n)
    } else {
        corpus::templates(seed, n)
    };
    for (i, t) in templates.into_iter().enumerate() {
        let sub = dir.join(format!("set{:03}", i % 100));
        std::fs::create_dir_all(&sub)?;
        bytes += t.len();
        std::fs::write(sub.join(format!("t{i:05}.md")), t)?;
    }
    std::fs::create_dir_all(dir.join("large"))?;
    let large = if dense {
        corpus::dense_large(seed, 1 << 20)
    } else {
        corpus::large(seed, 1 << 20)
    };
    bytes += large.len();
    std::fs::write(dir.join("large/1mb.md"), large)?;
    println!(
        "{} templates, {:.1} MB in {}",
        n + 1,
        bytes as f64 / 1e6,
        dir.display()
    );
    Ok(())
}
