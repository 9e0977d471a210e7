//! The catalog loader: `Catalog::from_toml` returns Ok or Err on any text, never panics
//! (libFuzzer's `-timeout` bounds its time), and a catalog that loads can check a text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use macrolint::catalog::Origin;
use macrolint::{Catalog, Context, Document, Format, check};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Catalog::from_toml(text, Origin::File("fuzz.toml".into())) {
        Ok(catalog) => {
            let ctx = Context::new(&catalog, "2026-01-01".parse().unwrap());
            let sample = "Звоните +7 495 232-10-00 или 8 (800) 234−70−70, пишите help@ozon.ru, \
                          vk.com/ozon, t.me/x {{contact.phone.main}} из-за рубежа. Free VIP line!";
            let _ = check(&Document::new(sample, Format::Markdown), &ctx);
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "an error without a message");
            let _ = errors.to_string();
        }
    }
});
