//! A claim's own examples (`flags`, `passes`), run through the same rules as `check`.
//!
//! This sits above the rules on purpose: the catalog is data and knows nothing of how claims
//! are matched, so it cannot run its examples itself. A user catalog is loaded with
//! [`load_path`] / [`load_text`], which run them and report each one that does not behave at its
//! file, line and column; the embedded catalog's examples run in its tests.

use std::path::Path;

use crate::catalog::{Catalog, CatalogError, CatalogErrors, Origin};

/// Every example of `catalog` that does not behave: a `flags` text the claim does not report,
/// or a `passes` text it does.
pub fn verify(catalog: &Catalog) -> Vec<CatalogError> {
    let mut out = Vec::new();
    for (i, claim) in catalog.claims.iter().enumerate() {
        let fires = |ex: &crate::catalog::ClaimExample| {
            crate::rules::claim_fires_on(
                catalog,
                i,
                &ex.text,
                ex.audience.as_ref(),
                ex.region.as_deref(),
            )
        };
        for ex in &claim.flags {
            if !fires(ex) {
                out.push(ex.at.error(
                    format!(
                        "claim `{}` does not flag its example {:?}",
                        claim.id, ex.text
                    ),
                    "widen the claim until the example matches, or fix the example",
                ));
            }
        }
        for ex in &claim.passes {
            if fires(ex) {
                out.push(ex.at.error(
                    format!(
                        "claim `{}` flags its passing example {:?}",
                        claim.id, ex.text
                    ),
                    "narrow the claim or add an exception, or fix the example",
                ));
            }
        }
    }
    out
}

/// Loads a catalog from TOML text and runs its examples.
pub fn load_text(text: &str, origin: Origin) -> Result<Catalog, CatalogErrors> {
    let catalog = Catalog::from_toml(text, origin)?;
    checked(catalog)
}

/// Loads the catalog file at `path` and runs its examples.
pub fn load_path(path: &Path) -> Result<Catalog, CatalogErrors> {
    checked(Catalog::from_path(path)?)
}

fn checked(catalog: Catalog) -> Result<Catalog, CatalogErrors> {
    let errors = verify(&catalog);
    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err(CatalogErrors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_examples_are_errors() {
        let text = "[[claim]]\nid = \"c\"\nrule = \"outdated-claim\"\npatterns = ['VIP line']\nflags = [\"VIP members get a line\"]\npasses = [\"a VIP line\"]\n";
        let errs = load_text(text, Origin::File("test.toml".into()))
            .unwrap_err()
            .0;
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].message.contains("does not flag"));
        assert_eq!((errs[0].file.as_str(), errs[0].line), ("test.toml", 5));
        assert!(errs[1].message.contains("flags its passing example"));
    }

    /// Each claim of the embedded catalog shows its edges: at least ten Russian and five
    /// English examples each way (inflections, word orders, negations, history), and a rewrite
    /// in both languages, so every error in the editor has a way out.
    #[test]
    fn every_embedded_claim_has_examples_in_both_languages_and_a_rewrite() {
        let c = Catalog::default_catalog();
        let cyrillic = |t: &str| {
            t.chars().any(|ch| {
                ('а'..='я').contains(&ch.to_ascii_lowercase()) || ('А'..='Я').contains(&ch)
            })
        };
        for claim in &c.claims {
            let count = |list: &[crate::catalog::ClaimExample]| {
                let ru = list.iter().filter(|e| cyrillic(&e.text)).count();
                (ru, list.len() - ru)
            };
            let (flags_ru, flags_en) = count(&claim.flags);
            let (passes_ru, passes_en) = count(&claim.passes);
            assert!(
                flags_ru >= 10 && passes_ru >= 10 && flags_en >= 5 && passes_en >= 5,
                "{}: {flags_ru} ru / {flags_en} en flags, {passes_ru} ru / {passes_en} en passes",
                claim.id
            );
            assert!(
                claim.rewrite.ru.is_some() && claim.rewrite.en.is_some(),
                "{} has no rewrite in both languages",
                claim.id
            );
            assert!(
                claim.phrases.patterns.is_empty(),
                "{}: frames only",
                claim.id
            );
        }
    }

    #[test]
    fn the_embedded_catalogs_examples_hold() {
        let errors = verify(&Catalog::default_catalog());
        assert!(errors.is_empty(), "{}", CatalogErrors(errors));
    }
}
