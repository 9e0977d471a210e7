//! Regions as catalog data: where a caller may be (`callable_from`), the phrases that place the
//! reader of a text there («из-за рубежа», "abroad"), and how messages name them. Regions form
//! a hierarchy like audiences (Moscow and its region are in Russia).

use std::collections::BTreeSet;

use super::Text;
use crate::vocab::Lang;

/// One declared region.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RegionDef {
    pub id: String,
    pub name: Text,
    /// How calls from there are named: «из-за рубежа», "from abroad".
    pub from: Text,
    /// Broader regions this one lies in.
    pub within: Vec<String>,
    /// The country (ISO 3166 code) it lies in, if one.
    pub country: Option<String>,
    /// Outside the catalog's country ("abroad").
    pub outside: bool,
}

/// The catalog's regions.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    pub defs: Vec<RegionDef>,
}

impl Regions {
    pub fn get(&self, id: &str) -> Option<&RegionDef> {
        self.defs.iter().find(|d| d.id == id)
    }

    pub fn is_declared(&self, id: &str) -> bool {
        self.defs.is_empty() || self.get(id).is_some()
    }

    /// `ids` with every broader region they lie in.
    pub fn expand<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = ids.into_iter().map(str::to_string).collect();
        let mut stack: Vec<String> = out.iter().cloned().collect();
        while let Some(r) = stack.pop() {
            for up in self
                .get(&r)
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

    /// The country a caller in `id` is in: its own, else the nearest broader region's.
    pub fn country(&self, id: &str) -> Option<&str> {
        let mut seen = 0;
        let mut at = self.get(id)?;
        loop {
            if let Some(c) = &at.country {
                return Some(c);
            }
            seen += 1;
            let up = at.within.first()?;
            at = self.get(up)?;
            if seen > self.defs.len() {
                return None;
            }
        }
    }

    /// Whether a caller in `id` is outside the country `home` (ISO 3166), where a number's
    /// trunk prefix does not dial: a region marked `outside`, or lying in another country.
    pub fn is_outside(&self, id: &str, home: &str) -> bool {
        self.expand([id]).iter().any(|r| {
            self.get(r).is_some_and(|d| {
                d.outside
                    || d.country
                        .as_deref()
                        .is_some_and(|c| !c.eq_ignore_ascii_case(home))
            })
        })
    }

    /// Whether a caller in `reader` can use a line callable from `callable_from` (empty: from
    /// anywhere). Both sides are expanded upward: a Moscow line is a Russian line, and a caller
    /// in Moscow is a caller in Russia.
    pub fn can_call(&self, callable_from: &BTreeSet<String>, reader: &str) -> bool {
        callable_from.is_empty()
            || !self
                .expand(callable_from.iter().map(String::as_str))
                .is_disjoint(&self.expand([reader]))
    }

    /// «из-за рубежа», "from abroad": where calls come from, in words.
    pub fn from_words(&self, id: &str, lang: Lang) -> String {
        self.get(id)
            .and_then(|d| d.from.get(lang).or(d.name.get(lang)))
            .unwrap_or(id)
            .to_string()
    }

    /// The regions of `ids` in words, joined: «из Москвы и области или из-за рубежа».
    pub fn list_from(&self, ids: &BTreeSet<String>, lang: Lang) -> String {
        let words: Vec<String> = ids.iter().map(|r| self.from_words(r, lang)).collect();
        let or = match lang {
            Lang::Ru => " или ",
            Lang::En => " or ",
        };
        match words.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{}{or}{last}", init.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions() -> Regions {
        let def = |id: &str, within: &[&str]| RegionDef {
            id: id.into(),
            within: within.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        Regions {
            defs: vec![
                def("russia", &[]),
                def("moscow-region", &["russia"]),
                def("abroad", &[]),
            ],
        }
    }

    #[test]
    fn both_sides_expand_upward() {
        let r = regions();
        let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert!(r.can_call(&set(&["russia"]), "moscow-region"));
        assert!(r.can_call(&set(&["moscow-region", "abroad"]), "russia"));
        assert!(!r.can_call(&set(&["russia"]), "abroad"));
        assert!(!r.can_call(&set(&["abroad"]), "russia"));
        assert!(r.can_call(&set(&[]), "abroad"));
    }
}
