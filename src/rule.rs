//! The rule ids, their default severities and the text `macrolint explain` prints.
//!
//! The list is fixed by DESIGN §4; ids are what users write in `macrolint.toml`, suppression
//! comments, `--select` and catalogs, so they never change spelling.

use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

use crate::vocab::{Lang, Severity};

macro_rules! rules {
    ($($variant:ident = $id:literal, $sev:ident;)*) => {
        /// A rule: one kind of problem macrolint reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant),* }

        impl Rule {
            /// Every rule, in the order of DESIGN §4.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable id users write (`removed-channel`).
            pub const fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id),* }
            }

            pub const fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev),* }
            }
        }
    };
}

rules! {
    RemovedChannel = "removed-channel", Error;
    UnavailableChannel = "unavailable-channel", Error;
    OutdatedClaim = "outdated-claim", Error;
    MisleadingClaim = "misleading-claim", Warning;
    OutOfScope = "out-of-scope", Warning;
    UnknownContact = "unknown-contact", Error;
    WrongAudience = "wrong-audience", Error;
    WrongRegion = "wrong-region", Warning;
    ContactFormat = "contact-format", Warning;
    HardToReach = "hard-to-reach", Info;
    UnofficialChannel = "unofficial-channel", Error;
    UnknownPlaceholder = "unknown-placeholder", Error;
    UpcomingChange = "upcoming-change", Warning;
    IoError = "io-error", Error;
    NoTemplateText = "no-template-text", Warning;
}

/// An id that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}`; the rules are: {list}", list = Rule::ALL.iter().map(|r| r.id()).collect::<Vec<_>>().join(", "))]
pub struct UnknownRule(pub String);

impl FromStr for Rule {
    type Err = UnknownRule;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.id() == s)
            .ok_or_else(|| UnknownRule(s.to_string()))
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What a rule means and how to resolve it, in both languages.
pub struct RuleDoc {
    pub summary_ru: &'static str,
    pub summary_en: &'static str,
    pub explain_ru: &'static str,
    pub explain_en: &'static str,
}

impl Rule {
    /// One line: what the rule reports.
    pub fn summary(self, lang: Lang) -> &'static str {
        let d = self.doc();
        match lang {
            Lang::Ru => d.summary_ru,
            Lang::En => d.summary_en,
        }
    }

    /// The full text of `macrolint explain`.
    pub fn explain(self, lang: Lang) -> &'static str {
        let d = self.doc();
        match lang {
            Lang::Ru => d.explain_ru,
            Lang::En => d.explain_en,
        }
    }

    pub fn doc(self) -> &'static RuleDoc {
        match self {
            Rule::RemovedChannel => &RuleDoc {
                summary_ru: "контакт или плейсхолдер канала, которого больше нет",
                summary_en: "a contact or placeholder of a removed channel",
                explain_ru: "Шаблон называет канал, который в каталоге помечен как `removed` (например, выделенная линия Premium, закрытая 1 марта 2023 года). Клиент, который им воспользуется, никуда не попадёт.\n\nКак исправить: замените контакт каналом из поля `replacement` (быстрое исправление «заменить на …» делает это, но оно небезопасное: проверьте предложение после замены).",
                explain_en: "The template names a channel the catalog marks `removed` (for example the dedicated Premium line, closed on 1 March 2023). A customer who uses it reaches nobody.\n\nHow to fix: replace the contact with a channel from its `replacement` list (the \"replace with …\" fix does this, but it is unsafe: reread the sentence afterwards).",
            },
            Rule::UnavailableChannel => &RuleDoc {
                summary_ru: "контакт или упоминание канала, который не работает",
                summary_en: "a contact or mention of an unavailable channel",
                explain_ru: "Шаблон отправляет клиента в канал со статусом `unavailable` (например, на горячую линию Ozon Travel, которая не работает).\n\nКак исправить: направьте в работающий канал из `replacement` (для Ozon Travel это чат, вкладка «Билеты, туры, отели»).",
                explain_en: "The template sends the customer to a channel with status `unavailable` (for example the Ozon Travel hotline, which does not work).\n\nHow to fix: point to a working channel from `replacement` (for Ozon Travel: the chat, tab «Билеты, туры, отели»).",
            },
            Rule::OutdatedClaim => &RuleDoc {
                summary_ru: "утверждение, которое больше не верно",
                summary_en: "a claim that no longer holds",
                explain_ru: "Фраза совпала с утверждением каталога (`[[claim]]` с `rule = \"outdated-claim\"`), которое раньше было верным, а теперь нет: например, приоритет или выделенная линия для клиентов Premium (отменены 1 марта 2023 года).\n\nКак исправить: перепишите фразу по заметке утверждения. Если утверждение зависит от аудитории (приоритет в чате есть у Premium-продавцов), укажите аудиторию шаблона во front matter (`audience: [seller, premium]`) или в `[[scope]]` файла macrolint.toml.",
                explain_en: "A phrase matched a catalog claim (`[[claim]]` with `rule = \"outdated-claim\"`) that used to be true and is not any more: for example priority or a dedicated line for Premium customers (both ended on 1 March 2023).\n\nHow to fix: rewrite the phrase along the claim's note. Where the claim depends on the audience (Premium sellers do have chat priority), state the template's audience in front matter (`audience: [seller, premium]`) or in a `[[scope]]` of macrolint.toml.",
            },
            Rule::MisleadingClaim => &RuleDoc {
                summary_ru: "утверждение, неверное в таком виде",
                summary_en: "a claim that is not true as written",
                explain_ru: "Фраза обещает то, что в таком виде не верно: «бесплатно» рядом с номером, звонки на который тарифицируются; ответ в чате за 1–3 минуты для всех (так отвечают только Premium-продавцам); «напишите сразу оператору» (сначала нужно выбрать тему).\n\nКак исправить: уточните фразу по заметке утверждения или по данным канала.",
                explain_en: "A phrase promises something that is not true as written: \"free\" next to a number that is charged; a 1–3 minute chat answer for everyone (only Premium sellers get that); \"write to an agent straight away\" (a topic must be chosen first).\n\nHow to fix: make the phrase precise along the claim's note or the channel's data.",
            },
            Rule::OutOfScope => &RuleDoc {
                summary_ru: "обещание, которое поддержка не выполняет",
                summary_en: "a promise support does not keep",
                explain_ru: "Шаблон обещает то, чем поддержка не занимается: расследовать мошенничество или кражу, раскрыть коммерческую тайну, консультировать не по работе маркетплейса.\n\nКак исправить: уберите обещание; при необходимости направьте клиента туда, где ему помогут.",
                explain_en: "The template promises something support does not do: investigate fraud or theft, disclose trade secrets, advise on anything beyond the marketplace.\n\nHow to fix: drop the promise; where useful, say where the customer can get help.",
            },
            Rule::UnknownContact => &RuleDoc {
                summary_ru: "телефон, e-mail или ссылка компании, которых нет в каталоге",
                summary_en: "a company phone, e-mail or URL that is not in the catalog",
                explain_ru: "Контакт похож на контакт компании (номер телефона, адрес на домене компании, страница на площадке официального канала), но в каталоге его нет. Если он отличается от известного канала на одну цифру или букву, это почти наверняка опечатка: macrolint называет ближайший канал и предлагает замену (небезопасную: проверьте).\n\nКак исправить: замените на контакт из каталога или добавьте канал в каталог.",
                explain_en: "The contact looks like one of the company's (a phone number, an address on the company's domain, a page on an official channel's site) but the catalog does not know it. One digit or letter away from a known channel it is almost surely a typo: macrolint names the nearest channel and offers it as an (unsafe) fix.\n\nHow to fix: use the catalog's contact, or add the channel to the catalog.",
            },
            Rule::WrongAudience => &RuleDoc {
                summary_ru: "контакт для другой аудитории",
                summary_en: "a contact meant for another audience",
                explain_ru: "Канал предназначен другой аудитории, чем шаблон (например, sellersup@ozon.ru для продавцов в шаблоне для покупателей, ir@ozon.ru только для инвесторов). Аудитория шаблона берётся из front matter (`audience:`), из `[[scope]]` или `default-audience` в macrolint.toml; если она неизвестна, правило молчит.\n\nКак исправить: используйте канал этой аудитории.",
                explain_en: "The channel is meant for another audience than the template's (sellersup@ozon.ru for sellers in a buyer template; ir@ozon.ru is for investors only). The template's audience comes from front matter (`audience:`), a `[[scope]]` or `default-audience` in macrolint.toml; when it is unknown, this rule is silent.\n\nHow to fix: use the channel for this audience.",
            },
            Rule::WrongRegion => &RuleDoc {
                summary_ru: "номер, на который не позвонить оттуда, где находится клиент",
                summary_en: "a number the caller cannot use from where they are",
                explain_ru: "Текст говорит, что клиент за границей (front matter `region: abroad` или фраза «из-за рубежа», «за границей» в том же предложении), а номер предназначен для звонков из России (например, 8 800 234-70-70).\n\nКак исправить: дайте номер, доступный из-за рубежа (для Ozon это +7 495 232-10-00; для Ozon Банка +7 499 300-30-00).",
                explain_en: "The text says the caller is abroad (front matter `region: abroad`, or \"из-за рубежа\", \"abroad\" in the same sentence), but the number is for calls within Russia (such as 8 800 234-70-70).\n\nHow to fix: give a number that works from abroad (for Ozon +7 495 232-10-00; for Ozon Bank +7 499 300-30-00).",
            },
            Rule::ContactFormat => &RuleDoc {
                summary_ru: "известный контакт записан не каноническим или ненабираемым способом",
                summary_en: "a known contact written in a non-canonical or undiallable way",
                explain_ru: "Контакт из каталога записан иначе, чем его каноническая форма: знак минус (U+2212) вместо дефиса, номер без «+7», «8» в номере для звонков из-за рубежа (оттуда «8» не набрать), лишний пробел в адресе (`marketplace. crossborder@ozon.ru`), заглавные буквы в e-mail.\n\nКак исправить: безопасное исправление заменяет запись канонической формой каталога.",
                explain_en: "A catalog contact is written differently from its canonical form: a minus sign (U+2212) instead of a hyphen, a number without +7, a leading 8 in a number for callers abroad (8 cannot be dialled from there), a stray space in an address (`marketplace. crossborder@ozon.ru`), capitals in an e-mail.\n\nHow to fix: the safe fix rewrites it to the catalog's canonical form.",
            },
            Rule::HardToReach => &RuleDoc {
                summary_ru: "канал работает с ограничениями: есть лучший",
                summary_en: "a limited channel: there is a better one",
                explain_ru: "Канал в каталоге помечен `limited`: он работает, но дозвониться трудно (горячая линия доступна не всегда; на 8 800 234-70-70 дозвониться практически невозможно). macrolint подсказывает канал лучше (чат).\n\nКак исправить: предложите клиенту канал из подсказки рядом или вместо этого.",
                explain_en: "The catalog marks the channel `limited`: it works but is hard to reach (the hotline is not always available; 8 800 234-70-70 is nearly impossible to get through). macrolint names a better channel (the chat).\n\nHow to fix: offer the suggested channel beside it or instead.",
            },
            Rule::UnofficialChannel => &RuleDoc {
                summary_ru: "соцсеть или мессенджер, которых нет среди официальных каналов",
                summary_en: "a social network or messenger that is not an official channel",
                explain_ru: "Шаблон отправляет в соцсеть или мессенджер, которых нет в каталоге (Telegram, WhatsApp, Instagram…). У Ozon работает только страница ВКонтакте vk.com/ozon.\n\nКак исправить: уберите ссылку или замените официальным каналом.",
                explain_en: "The template points to a social network or messenger the catalog does not list (Telegram, WhatsApp, Instagram, ...). Ozon's only working social page is vk.com/ozon.\n\nHow to fix: remove it or use an official channel.",
            },
            Rule::UnknownPlaceholder => &RuleDoc {
                summary_ru: "плейсхолдер {{contact.<id>}} или {{dc.<name>}}, которому нечего подставить",
                summary_en: "a {{contact.<id>}} or {{dc.<name>}} placeholder with nothing behind it",
                explain_ru: "В каталоге нет канала с таким id (`{{contact.<id>}}`), или в выгрузке Dynamic Content рабочей папки нет элемента с таким именем (`{{dc.<name>}}`), поэтому плейсхолдер нечем заменить. macrolint предлагает ближайший id.\n\nКак исправить: исправьте id или имя (список каналов: `macrolint catalog`).",
                explain_en: "The catalog has no channel with this id (`{{contact.<id>}}`), or the workspace's Dynamic Content export has no item of this name (`{{dc.<name>}}`), so the placeholder cannot be expanded. macrolint suggests the nearest id.\n\nHow to fix: correct the id or the name (the channels: `macrolint catalog`).",
            },
            Rule::UpcomingChange => &RuleDoc {
                summary_ru: "канал или утверждение изменится после даты проверки",
                summary_en: "a channel or claim changes after the as-of date",
                explain_ru: "Изменение канала или утверждения в каталоге датировано позже даты проверки (`--as-of`, по умолчанию сегодня): сейчас текст верен, но с этой даты перестанет.\n\nКак исправить: подготовьте новую редакцию шаблона к дате изменения.",
                explain_en: "A catalog change to the channel or claim is dated after the check date (`--as-of`, today by default): the text holds now and stops holding on that date.\n\nHow to fix: prepare the template's new wording for the date of the change.",
            },
            Rule::NoTemplateText => &RuleDoc {
                summary_ru: "в файле не найдено текста шаблонов",
                summary_en: "a file in which no template text was found",
                explain_ru: "Файл прочитан, но текста ответов в нём нет: выгрузка известного вида без тел макросов, пустой HTML, YAML без текстов, или файл, названный в командной строке, в котором нет ни одной строки, похожей на текст. Без этого предупреждения проверка такого файла выглядела бы как «ошибок нет», хотя проверять было нечего.

Как исправить: проверьте, что это нужный файл и что выгрузка полная; вид выгрузки можно указать в `[formats]` файла macrolint.toml; предупреждение отключается в `[rules]`.",
                explain_en: "The file was read but holds no reply text: an export of a known shape without macro bodies, an empty HTML body, YAML with no texts, or a file named on the command line in which no string reads as text. Without this warning such a file would look like a clean pass though nothing was checked.

How to fix: check that it is the file you meant and that the export is complete; an export's shape can be named in `[formats]` of macrolint.toml; the warning is turned off in `[rules]`.",
            },
            Rule::IoError => &RuleDoc {
                summary_ru: "файл не читается как текст",
                summary_en: "a file that cannot be read as text",
                explain_ru: "Файл не удалось прочитать как текст UTF-8: нет прав, не UTF-8 (например, UTF-16), двоичный или больше `max-file-size`. Остальные файлы проверяются дальше.\n\nКак исправить: сохраните файл в UTF-8 или исключите его (`exclude` в macrolint.toml).",
                explain_en: "The file could not be read as UTF-8 text: no permission, not UTF-8 (UTF-16, say), binary, or larger than `max-file-size`. The other files are still checked.\n\nHow to fix: save it as UTF-8, or exclude it (`exclude` in macrolint.toml).",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::ALL {
            assert_eq!(r.id().parse::<Rule>().unwrap(), *r);
            assert!(seen.insert(r.id()));
            assert!(!r.explain(Lang::Ru).is_empty() && !r.explain(Lang::En).is_empty());
        }
        assert_eq!(Rule::ALL.len(), 15);
    }

    #[test]
    fn default_severities_follow_the_design_table() {
        assert_eq!(Rule::RemovedChannel.default_severity(), Severity::Error);
        assert_eq!(Rule::MisleadingClaim.default_severity(), Severity::Warning);
        assert_eq!(Rule::HardToReach.default_severity(), Severity::Info);
        assert_eq!(Rule::WrongRegion.default_severity(), Severity::Warning);
        assert_eq!(Rule::UpcomingChange.default_severity(), Severity::Warning);
        assert_eq!(Rule::IoError.default_severity(), Severity::Error);
    }

    #[test]
    fn unknown_rule_lists_the_rules() {
        let e = "removed-chanel".parse::<Rule>().unwrap_err();
        assert!(e.to_string().contains("removed-channel"));
    }
}
