//! Writes a helpdesk export of N macros on one line, the way Zendesk's API returns it:
//! `cargo run --release --example gen_export -- FILE [N]` (default 35,000 macros, just under
//! the default max-file-size of 4 MiB). Every other macro has findings. The bench figure of
//! the README's "One-line exports" runs every output format and `usage` on it
//! (`benches/export.sh`).

const BODIES: [&str; 4] = [
    "Звоните +7 495 232−10−00.",
    "Пишите на help@ozon.ru.",
    "Линия {{contact.phone.premium}}.",
    "Ответим в чате за 5–10 минут.",
];

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "target/export.json".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(35_000);
    let mut out = String::from(r#"{"macros":["#);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"id":{},"title":"m{i}","actions":[{{"field":"comment_value","value":"{}"}}]}}"#,
            360_000 + i,
            BODIES[i % BODIES.len()]
        ));
    }
    out.push_str("]}");
    std::fs::write(&path, &out)?;
    println!("{n} macros, {} bytes on one line in {path}", out.len());
    Ok(())
}
