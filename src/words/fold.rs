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
    // Letters of each script as they are written out, for the look-alike check below.
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for c in word.chars() {
        match c {
            '\u{301}' | '\u{300}' | '\u{ad}' => {}
            'ё' | 'Ё' => {
                cyrillic += 1;
                out.push('е');
            }
            '’' | 'ʼ' | '‘' => out.push('\''),
            c if c.is_ascii() => {
                latin += usize::from(c.is_ascii_alphabetic());
                out.push(c.to_ascii_lowercase());
            }
            // The common Cyrillic letters without Unicode's case tables.
            'а'..='я' | 'ѐ'..='џ' => {
                cyrillic += 1;
                out.push(c);
            }
            'А'..='Я' | 'Ѐ'..='Џ' => {
                cyrillic += 1;
                let offset = if c >= 'А' { 0x20 } else { 0x50 };
                out.push(char::from_u32(c as u32 + offset).expect("a Cyrillic letter"));
            }
            c => {
                for l in c.to_lowercase() {
                    cyrillic += usize::from(('\u{400}'..='\u{4ff}').contains(&l));
                    latin += usize::from(l.is_ascii_alphabetic());
                    out.push(l);
                }
            }
        }
    }
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
    fn cyrillic_capitals_fold_as_unicode_lowercases_them() {
        for c in ('\u{400}'..='\u{4ff}').chain('A'..='z') {
            let want: String = match c {
                'ё' | 'Ё' => "е".into(),
                c => c.to_lowercase().collect(),
            };
            assert_eq!(fold(&c.to_string()), want, "U+{:04X}", c as u32);
        }
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
