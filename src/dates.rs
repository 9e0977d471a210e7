//! Dates in words, for messages: «1 марта 2023 г.», "1 March 2023". Messages are read by
//! agents, not parsed by tools: an ISO date reads as a code.

use jiff::civil::Date;

use crate::vocab::Lang;

const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `date` in words: «1 марта 2023 г.», "1 March 2023".
pub fn in_words(date: Date, lang: Lang) -> String {
    let month = (date.month() as usize).clamp(1, 12) - 1;
    match lang {
        Lang::Ru => format!("{} {} {} г.", date.day(), RU_MONTHS[month], date.year()),
        Lang::En => format!("{} {} {}", date.day(), EN_MONTHS[month], date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages() {
        let d: Date = "2023-03-01".parse().unwrap();
        assert_eq!(in_words(d, Lang::Ru), "1 марта 2023 г.");
        assert_eq!(in_words(d, Lang::En), "1 March 2023");
    }
}
