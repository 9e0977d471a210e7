//! Snowball stems, cached: support text has a small vocabulary, so most words of a template
//! were folded and stemmed before and cost one hash lookup.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

use super::fold::{Script, fold, script};

static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words kept per thread before the cache starts over: enough for any support vocabulary, and
/// a bound, so a document of random words cannot grow it without limit.
const CACHE_LIMIT: usize = 50_000;

thread_local! {
    /// Each written form of a word seen on this thread, with its folded form and stem.
    static CACHE: RefCell<HashMap<Box<str>, Forms>> = RefCell::new(HashMap::default());
}

/// A written word's folded form and stem, each shared with every other token of that word.
type Forms = (Arc<str>, Arc<str>);

/// The stem of a folded word (see [`super::fold`]): Russian Snowball for Cyrillic, English for
/// Latin, the word itself for anything else (numbers, mixed scripts).
pub fn stem(folded: &str) -> String {
    forms(folded).1.to_string()
}

/// A word as written (`Позвоните`), folded (`позвоните`) and stemmed (`позвон`), both shared
/// with every other token of the same written form: a template repeats its words, so a word
/// costs one hash lookup, not a fold, a stem and two strings.
pub fn forms(written: &str) -> Forms {
    CACHE.with(|cache| {
        if let Some(f) = cache.borrow().get(written) {
            return f.clone();
        }
        let folded = fold(written);
        let stem: Arc<str> = match script(&folded) {
            Script::Cyrillic => RUSSIAN.stem(&folded).into(),
            Script::Latin => ENGLISH.stem(&folded).into(),
            Script::Other => Arc::from(folded.as_str()),
        };
        let f: Forms = (Arc::from(folded), stem);
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(written.into(), f.clone());
        f
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
    fn written_forms_fold_and_stem_once() {
        let (folded, stem) = forms("ВЫДЕЛЕННУЮ");
        assert_eq!((&*folded, &*stem), ("выделенную", "выделен"));
        let again = forms("ВЫДЕЛЕННУЮ");
        assert!(Arc::ptr_eq(&again.0, &folded) && Arc::ptr_eq(&again.1, &stem));
        assert_eq!(&*forms("Ещё").0, "еще");
        assert_eq!(&*forms("2023").1, "2023");
    }

    #[test]
    fn numbers_and_mixed_words_are_not_stemmed() {
        assert_eq!(stem("2023"), "2023");
        assert_eq!(stem("ozon1"), "ozon1");
    }
}
