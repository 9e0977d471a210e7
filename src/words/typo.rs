//! One typo in a long word: a symmetric-deletion index, so finding the catalog words one edit
//! from a text word is a handful of hash lookups, never a scan of the vocabulary.
//!
//! Two words are one Damerau–Levenshtein edit apart (a letter added, dropped, replaced, or two
//! neighbours swapped) exactly when they share a key among themselves and their one-letter
//! deletions; candidates are then confirmed with an exact distance.

use rustc_hash::FxHashMap as HashMap;

/// Shortest catalog word that matches with a typo: shorter words are too close to other words
/// («линия» and «лилия») for a one-letter difference to mean a slip.
pub const MIN_TYPO_LEN: usize = 6;

/// Catalog words by their one-letter deletions.
#[derive(Debug, Clone)]
pub struct TypoIndex {
    keys: HashMap<String, Vec<u32>>,
    words: Vec<String>,
    /// Which contents these are, for the memo of [`TypoIndex::near`]: new at every change.
    id: u64,
}

impl Default for TypoIndex {
    fn default() -> Self {
        TypoIndex {
            keys: HashMap::default(),
            words: Vec::new(),
            id: next_id(),
        }
    }
}

fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Entries the memo of `near` holds per thread before it starts again: support text has a
/// small vocabulary, so this is never reached by text, only by a flood of distinct words.
const MEMO_LIMIT: usize = 1 << 16;

/// `near`'s answers for one index (by its id): word → the indices of the words one edit away.
#[derive(Default)]
struct Memo {
    id: u64,
    answers: HashMap<Box<str>, Box<[u32]>>,
}

thread_local! {
    /// `near`'s answers by word: a frame asks for the same stem once per pattern word, and a
    /// template repeats its words; each answer costs a deletion per letter. It holds one
    /// index's answers; another index's question starts it again.
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    chars.clone().into_iter().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    })
}

impl TypoIndex {
    /// Adds `word` (a stem); words shorter than [`MIN_TYPO_LEN`] are not indexed.
    pub fn insert(&mut self, word: &str) {
        if word.chars().count() < MIN_TYPO_LEN
            || word.chars().any(|c| c.is_ascii_digit())
            || self
                .keys
                .get(word)
                .is_some_and(|ids| ids.iter().any(|&i| self.words[i as usize] == word))
        {
            return;
        }
        let slot = self.words.len() as u32;
        self.id = next_id();
        self.words.push(word.to_string());
        for key in std::iter::once(word.to_string()).chain(deletions(word)) {
            let ids = self.keys.entry(key).or_default();
            if !ids.contains(&slot) {
                ids.push(slot);
            }
        }
    }

    /// The indexed words exactly one edit from `word` (never `word` itself).
    pub fn near<'a>(&'a self, word: &str) -> Vec<&'a str> {
        let n = word.chars().count();
        if n + 1 < MIN_TYPO_LEN || self.words.is_empty() || word.chars().any(|c| c.is_ascii_digit())
        {
            return Vec::new();
        }
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.id != self.id || m.answers.len() >= MEMO_LIMIT {
                m.id = self.id;
                m.answers.clear();
            }
            if !m.answers.contains_key(word) {
                let ids = self.search(word);
                m.answers.insert(word.into(), ids);
            }
            m.answers[word]
                .iter()
                .map(|&i| self.words[i as usize].as_str())
                .collect()
        })
    }

    fn search(&self, word: &str) -> Box<[u32]> {
        let mut out: Vec<u32> = Vec::new();
        for key in std::iter::once(word.to_string()).chain(deletions(word)) {
            for &i in self.keys.get(&key).into_iter().flatten() {
                if !out.contains(&i) && strsim::osa_distance(&self.words[i as usize], word) == 1 {
                    out.push(i);
                }
            }
        }
        out.into_boxed_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(words: &[&str]) -> TypoIndex {
        let mut ix = TypoIndex::default();
        for w in words {
            ix.insert(w);
        }
        ix
    }

    #[test]
    fn one_edit_of_every_kind() {
        let ix = index(&["выделен", "приоритет"]);
        assert_eq!(ix.near("выделн"), ["выделен"], "a letter dropped");
        assert_eq!(ix.near("выдделен"), ["выделен"], "a letter added");
        assert_eq!(ix.near("выдулен"), ["выделен"], "a letter replaced");
        assert_eq!(ix.near("приаритте"), Vec::<&str>::new(), "two edits");
        assert_eq!(ix.near("проиритет"), ["приоритет"], "two letters swapped");
        assert!(
            ix.near("выделен").is_empty(),
            "the word itself is not a typo"
        );
    }

    #[test]
    fn short_words_and_numbers_never_match_with_a_typo() {
        let ix = index(&["линия", "2023"]);
        assert!(ix.near("лилия").is_empty());
        assert!(ix.near("2024").is_empty());
    }
}
