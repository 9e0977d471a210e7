//! Case and spelling folding: the form every comparison of words is made in.

/// Which alphabet a word is written in; it decides the stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Cyrillic,
    Latin,
    /// Digits, mixed scripts, anything else: compared as folded, never stemmed.
    Other,
}

/// `word` in lower case, ё as е, typographic apostrophes as `'`, stress marks and soft hyphens
/// dropped: «Позвони́те», «ПОЗВОНИТЕ» and «позвоните» are one word, «ещё» is «еще».
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{301}' | '\u{300}' | '\u{ad}' => {}
            'ё' | 'Ё' => out.push('е'),
            '’' | 'ʼ' | '‘' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The script of a folded word: Cyrillic or Latin when all its letters are, else other.
pub fn script(word: &str) -> Script {
    let mut cyr = false;
    let mut lat = false;
    for c in word.chars() {
        if c.is_ascii_alphabetic() {
            lat = true;
        } else if ('\u{400}'..='\u{4ff}').contains(&c) {
            cyr = true;
        } else if c == '\'' {
        } else {
            return Script::Other;
        }
    }
    match (cyr, lat) {
        (true, false) => Script::Cyrillic,
        (false, true) => Script::Latin,
        _ => Script::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_yo_stress_and_apostrophes() {
        assert_eq!(fold("Позвони\u{301}те"), "позвоните");
        assert_eq!(fold("ЕЩЁ"), "еще");
        assert_eq!(fold("Can’t"), "can't");
        assert_eq!(fold("Premium"), "premium");
    }

    #[test]
    fn scripts() {
        assert_eq!(script("линия"), Script::Cyrillic);
        assert_eq!(script("can't"), Script::Latin);
        assert_eq!(script("ozon1"), Script::Other);
        assert_eq!(script("ozonозон"), Script::Other);
    }
}
