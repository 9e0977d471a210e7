//! Case and spelling folding: the form every comparison of words is made in.

/// Which alphabet a word is written in; it decides the stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Cyrillic,
    Latin,
    /// Digits, mixed scripts, anything else: compared as folded, never stemmed.
    Other,
}

/// Latin and Cyrillic letters that look alike, in lower case.
const LOOK_ALIKES: [(char, char); 9] = [
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('k', 'к'),
    ('m', 'м'),
];

/// `word` in lower case, ё as е, typographic apostrophes as `'`, stress marks and soft hyphens
/// dropped: «Позвони́те», «ПОЗВОНИТЕ» and «позвоните» are one word, «ещё» is «еще». A word
/// that mixes scripts through look-alike letters (a Latin «e» typed inside «выдeленная») is
/// written in the script most of its letters are in.
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
    let latin = out.chars().filter(char::is_ascii_alphabetic).count();
    let cyrillic = out
        .chars()
        .filter(|c| ('\u{400}'..='\u{4ff}').contains(c))
        .count();
    if latin > 0 && cyrillic > 0 {
        let to_cyrillic = cyrillic >= latin;
        let unified: String = out
            .chars()
            .map(|c| {
                LOOK_ALIKES
                    .iter()
                    .find_map(|&(l, k)| match to_cyrillic {
                        true if c == l => Some(k),
                        false if c == k => Some(l),
                        _ => None,
                    })
                    .unwrap_or(c)
            })
            .collect();
        if script(&unified) != Script::Other {
            return unified;
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
    fn look_alike_letters_take_the_words_script() {
        assert_eq!(fold("выдeленная"), "выделенная", "a Latin e");
        assert_eq!(fold("Prеmium"), "premium", "a Cyrillic е");
        assert_eq!(
            fold("ozonозон"),
            "ozonозон",
            "not look-alikes only: left as written"
        );
    }

    #[test]
    fn scripts() {
        assert_eq!(script("линия"), Script::Cyrillic);
        assert_eq!(script("can't"), Script::Latin);
        assert_eq!(script("ozon1"), Script::Other);
        assert_eq!(script("ozonозон"), Script::Other);
    }
}
