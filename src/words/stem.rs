//! Snowball stems, cached: support text has a small vocabulary, so most words of a template
//! were stemmed before and a stem costs one hash lookup.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

use super::fold::{Script, script};

static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words kept per thread before the cache starts over: enough for any support vocabulary, and
/// a bound, so a document of random words cannot grow it without limit.
const CACHE_LIMIT: usize = 50_000;

thread_local! {
    static CACHE: RefCell<HashMap<Box<str>, Arc<str>>> = RefCell::new(HashMap::default());
}

/// The stem of a folded word (see [`super::fold`]): Russian Snowball for Cyrillic, English for
/// Latin, the word itself for anything else (numbers, mixed scripts).
pub fn stem(folded: &str) -> String {
    stem_shared(folded).to_string()
}

/// [`stem`], shared with every other word of the same form: a token's stem is a count
/// increment, not a copy (a template repeats its words).
pub fn stem_shared(folded: &str) -> Arc<str> {
    let algorithm = match script(folded) {
        Script::Cyrillic => &*RUSSIAN,
        Script::Latin => &*ENGLISH,
        Script::Other => return Arc::from(folded),
    };
    CACHE.with(|cache| {
        if let Some(s) = cache.borrow().get(folded) {
            return s.clone();
        }
        let s: Arc<str> = Arc::from(algorithm.stem(folded).as_ref());
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(folded.into(), s.clone());
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
