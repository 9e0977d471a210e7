//! Audiences as a hierarchy declared in the catalog (DESIGN §3 "Audiences"): each audience may
//! sit within broader ones (Ozon Travel customers within buyers), a modifier refines a base
//! (`premium`: `[premium]` is a Premium buyer, `[seller, premium]` a Premium seller), and a
//! related service (the Bank) is told apart from the company's own audiences. A template's
//! audience is expanded upward only: a channel for buyers serves Travel customers, a Travel
//! channel does not serve every buyer.

use std::collections::BTreeSet;

use super::Text;
use crate::vocab::Lang;

/// A set of audience ids (`buyer`, `seller`, `premium`, ...). Empty on a channel means "anyone".
pub type Audience = BTreeSet<String>;

/// One declared audience.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AudienceDef {
    pub id: String,
    /// Plural, nominative: «покупатели», "buyers".
    pub name: Text,
    /// The form after «для»: «покупателей» (English uses `name`).
    pub genitive: Text,
    /// Broader audiences this one belongs to.
    pub within: Vec<String>,
    /// A modifier refines a base audience instead of being one.
    pub modifier: bool,
    /// The base a modifier alone stands for (`premium` alone: a Premium buyer).
    pub base: Option<String>,
    /// How a modifier is written before its base: «Premium-», "Premium ".
    pub prefix: Text,
    /// A related service (the Bank), not the company's own audience: a mismatch with it is at
    /// most a note.
    pub related: bool,
}

/// The catalog's audiences; empty when a catalog declares none (then ids are taken as written,
/// with no hierarchy).
#[derive(Debug, Clone, Default)]
pub struct Audiences {
    pub defs: Vec<AudienceDef>,
}

/// How a template's audience relates to a channel's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// The channel serves this audience.
    Serves,
    /// The channel is for a narrower group of this audience (a Travel channel in a buyer
    /// template), or for a related service: worth a note, not an error.
    Near,
    /// The channel is for someone else.
    Other,
}

impl Audiences {
    pub fn get(&self, id: &str) -> Option<&AudienceDef> {
        self.defs.iter().find(|d| d.id == id)
    }

    pub fn is_declared(&self, id: &str) -> bool {
        self.defs.is_empty() || self.get(id).is_some()
    }

    /// The declared id a template's own word for an audience stands for: the id itself, the
    /// audience's name in either language («покупатели», "buyers"), or the id with an English
    /// plural ending ("sellers", "investors"). Writers say `audience: sellers` as often as
    /// `seller`; read as an id of its own, every contact of the template would be for someone
    /// else.
    pub fn id_for<'a>(&'a self, written: &str) -> Option<&'a str> {
        let w = written.trim().to_lowercase();
        let named = |d: &&AudienceDef| {
            [&d.name.ru, &d.name.en, &d.genitive.ru, &d.genitive.en]
                .into_iter()
                .flatten()
                .any(|n| n.to_lowercase() == w)
        };
        let plural = |d: &&AudienceDef| {
            ["s", "es"]
                .iter()
                .any(|e| w.strip_suffix(e) == Some(d.id.as_str()))
        };
        self.get(&w)
            .or_else(|| self.defs.iter().find(named))
            .or_else(|| self.defs.iter().find(plural))
            .map(|d| d.id.as_str())
    }

    /// A template's audience in the catalog's ids ([`Self::id_for`]); words that name no
    /// declared audience are left out, and an audience with none left is unknown (`None`),
    /// which keeps `wrong-audience` silent rather than judging against a group nobody
    /// declared. A catalog without audiences takes ids as written.
    pub fn resolve(&self, written: &Audience) -> Option<Audience> {
        if self.defs.is_empty() {
            return Some(written.clone());
        }
        let ids: Audience = written
            .iter()
            .filter_map(|w| self.id_for(w))
            .map(str::to_string)
            .collect();
        (!ids.is_empty()).then_some(ids)
    }

    /// `audience` with every broader audience it belongs to, and the base of a modifier that
    /// stands alone.
    pub fn expand(&self, audience: &Audience) -> Audience {
        let mut out = audience.clone();
        let has_base = audience
            .iter()
            .any(|a| self.get(a).is_none_or(|d| !d.modifier));
        if !has_base {
            for a in audience {
                if let Some(base) = self.get(a).and_then(|d| d.base.clone()) {
                    out.insert(base);
                }
            }
        }
        let mut stack: Vec<String> = out.iter().cloned().collect();
        while let Some(a) = stack.pop() {
            for up in self
                .get(&a)
                .map(|d| d.within.as_slice())
                .unwrap_or_default()
            {
                if out.insert(up.clone()) {
                    stack.push(up.clone());
                }
            }
        }
        out
    }

    /// Whether every id of `set` is a related service.
    fn all_related(&self, set: &Audience) -> bool {
        !set.is_empty() && set.iter().all(|a| self.get(a).is_some_and(|d| d.related))
    }

    /// How a channel for `channel` fits a template for `template` (both as written).
    pub fn fit(&self, channel: &Audience, template: &Audience) -> Fit {
        if channel.is_empty() || template.is_empty() {
            return Fit::Serves;
        }
        let t = self.expand(template);
        if !channel.is_disjoint(&t) {
            return Fit::Serves;
        }
        let narrower = channel.iter().all(|c| {
            !self
                .expand(&Audience::from([c.clone()]))
                .is_disjoint(template)
        });
        if narrower || self.all_related(channel) || self.all_related(template) {
            Fit::Near
        } else {
            Fit::Other
        }
    }

    /// Whether a template for `template` belongs to every audience of `required` (after
    /// expansion): `[seller, premium]` belongs to `[seller, premium]`, `[premium]` does not.
    pub fn includes(&self, template: &Audience, required: &Audience) -> bool {
        required.is_subset(&self.expand(template))
    }

    /// Whether a template for `template` shares an audience with `set` (after expansion).
    pub fn overlaps(&self, template: &Audience, set: &Audience) -> bool {
        !set.is_disjoint(&self.expand(template))
    }

    /// «для Premium-продавцов», "for Premium sellers": an audience in words, after «для»/"for".
    pub fn for_whom(&self, audience: &Audience, lang: Lang) -> String {
        let (mods, mut bases): (Vec<&String>, Vec<&String>) = audience
            .iter()
            .partition(|a| self.get(a).is_some_and(|d| d.modifier));
        let implied: Vec<String> = if bases.is_empty() {
            mods.iter()
                .filter_map(|m| self.get(m).and_then(|d| d.base.clone()))
                .collect()
        } else {
            Vec::new()
        };
        bases.extend(implied.iter());
        let prefix: String = mods
            .iter()
            .filter_map(|m| self.get(m))
            .filter_map(|d| d.prefix.get(lang))
            .collect();
        let word = |id: &String| -> String {
            let d = self.get(id);
            let w = match lang {
                Lang::Ru => d.and_then(|d| d.genitive.get(Lang::Ru).or(d.name.get(Lang::Ru))),
                Lang::En => d.and_then(|d| d.name.get(Lang::En)),
            };
            format!("{prefix}{}", w.unwrap_or(id))
        };
        let list: Vec<String> = if bases.is_empty() {
            mods.iter().map(|m| word(m)).collect()
        } else {
            bases.iter().map(|b| word(b)).collect()
        };
        let joined = match lang {
            Lang::Ru => join(&list, " и "),
            Lang::En => join(&list, " and "),
        };
        match lang {
            Lang::Ru => format!("для {joined}"),
            Lang::En => format!("for {joined}"),
        }
    }
}

fn join(list: &[String], last: &str) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{}{last}{tail}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[&str]) -> Audience {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn text(ru: &str, en: &str) -> Text {
        Text {
            ru: Some(ru.into()),
            en: Some(en.into()),
        }
    }

    fn audiences() -> Audiences {
        let def = |id: &str, ru: &str, genitive: &str, en: &str| AudienceDef {
            id: id.into(),
            name: text(ru, en),
            genitive: Text {
                ru: Some(genitive.into()),
                en: None,
            },
            ..Default::default()
        };
        let mut premium = def(
            "premium",
            "клиенты Premium",
            "клиентов Premium",
            "Premium customers",
        );
        premium.modifier = true;
        premium.base = Some("buyer".into());
        premium.prefix = text("Premium-", "Premium ");
        let mut travel = def(
            "travel",
            "клиенты Ozon Travel",
            "клиентов Ozon Travel",
            "Ozon Travel customers",
        );
        travel.within = vec!["buyer".into()];
        let mut bank = def("bank", "клиенты Банка", "клиентов Банка", "Bank customers");
        bank.related = true;
        Audiences {
            defs: vec![
                def("buyer", "покупатели", "покупателей", "buyers"),
                def("seller", "продавцы", "продавцов", "sellers"),
                premium,
                travel,
                bank,
            ],
        }
    }

    #[test]
    fn expansion_goes_upward_only() {
        let a = audiences();
        assert_eq!(a.expand(&set(&["premium"])), set(&["premium", "buyer"]));
        assert_eq!(
            a.expand(&set(&["seller", "premium"])),
            set(&["premium", "seller"])
        );
        assert_eq!(a.expand(&set(&["travel"])), set(&["buyer", "travel"]));
        assert_eq!(a.expand(&set(&["buyer"])), set(&["buyer"]));
    }

    /// Templates name audiences as writers say them: the id, its English plural, or the
    /// catalog's name for it; a word that names none leaves the audience unknown.
    #[test]
    fn audiences_are_read_as_written() {
        let a = audiences();
        for (written, id) in [
            ("seller", "seller"),
            ("sellers", "seller"),
            ("Buyers", "buyer"),
            ("продавцы", "seller"),
            ("покупателей", "buyer"),
            ("Premium customers", "premium"),
        ] {
            assert_eq!(a.id_for(written), Some(id), "{written}");
        }
        assert_eq!(a.id_for("bayers"), None);
        assert_eq!(
            a.resolve(&set(&["sellers", "premium"])),
            Some(set(&["seller", "premium"]))
        );
        assert_eq!(
            a.resolve(&set(&["buyers", "nobody"])),
            Some(set(&["buyer"]))
        );
        assert_eq!(a.resolve(&set(&["nobody"])), None);
        // A catalog without audiences takes ids as written.
        assert_eq!(
            Audiences::default().resolve(&set(&["anyone"])),
            Some(set(&["anyone"]))
        );
    }

    #[test]
    fn fits() {
        let a = audiences();
        let buyers_sellers = set(&["buyer", "seller"]);
        assert_eq!(a.fit(&buyers_sellers, &set(&["premium"])), Fit::Serves);
        assert_eq!(a.fit(&buyers_sellers, &set(&["travel"])), Fit::Serves);
        assert_eq!(a.fit(&set(&["seller"]), &set(&["buyer"])), Fit::Other);
        assert_eq!(a.fit(&set(&["travel"]), &set(&["buyer"])), Fit::Near);
        assert_eq!(a.fit(&set(&["bank"]), &set(&["buyer"])), Fit::Near);
        assert_eq!(a.fit(&buyers_sellers, &set(&["bank"])), Fit::Near);
    }

    #[test]
    fn audiences_in_words() {
        let a = audiences();
        assert_eq!(
            a.for_whom(&set(&["seller", "premium"]), Lang::Ru),
            "для Premium-продавцов"
        );
        assert_eq!(
            a.for_whom(&set(&["seller", "premium"]), Lang::En),
            "for Premium sellers"
        );
        assert_eq!(
            a.for_whom(&set(&["premium"]), Lang::En),
            "for Premium buyers"
        );
        assert_eq!(
            a.for_whom(&set(&["buyer", "seller"]), Lang::Ru),
            "для покупателей и продавцов"
        );
    }
}
