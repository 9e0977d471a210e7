//! Snowball stems, cached: support text has a small vocabulary, so most words of a template
//! were stemmed before and a stem costs one hash lookup.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use super::fold::{Script, script};

static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words kept per thread before the cache starts over: enough for any support vocabulary, and
/// a bound, so a document of random words cannot grow it without limit.
const CACHE_LIMIT: usize = 50_000;

thread_local! {
    static CACHE: RefCell<HashMap<Box<str>, Box<str>>> = RefCell::new(HashMap::default());
}

/// The stem of a folded word (see [`super::fold`]): Russian Snowball for Cyrillic, English for
/// Latin, the word itself for anything else (numbers, mixed scripts).
pub fn stem(folded: &str) -> String {
    let algorithm = match script(folded) {
        Script::Cyrillic => &*RUSSIAN,
        Script::Latin => &*ENGLISH,
        Script::Other => return folded.to_string(),
    };
    CACHE.with(|cache| {
        if let Some(s) = cache.borrow().get(folded) {
            return s.to_string();
        }
        let s = algorithm.stem(folded).into_owned();
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(folded.into(), s.as_str().into());
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stem("выделенная"), stem("выделенную"));
        assert_eq!(stem("линия"), stem("линии"));
        assert_eq!(stem("prioritized"), stem("prioritize"));
        assert_eq!(stem("lines"), "line");
    }

    #[test]
    fn numbers_and_mixed_words_are_not_stemmed() {
        assert_eq!(stem("2023"), "2023");
        assert_eq!(stem("ozon1"), "ozon1");
    }
}
