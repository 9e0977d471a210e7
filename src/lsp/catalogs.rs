//! Catalog files as a long-running server sees them: each loaded once, re-read when it changes
//! on disk, and a broken version never replaces the last good one.
//!
//! `workspace::Resolver` caches catalogs for the whole of a CLI run; an editor session outlives
//! many edits of the catalog, hence this store.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Catalog;
use crate::catalog::CatalogErrors;

/// The state of one catalog file.
struct Entry {
    /// The last version that loaded; `None` if none ever did.
    good: Option<Arc<Catalog>>,
    /// Why the file as it is now does not load.
    errors: Option<CatalogErrors>,
}

/// What a load or reload changed, for the server to report.
#[derive(Debug)]
pub enum Change {
    Unchanged,
    /// The file loaded (again): clear what was reported about it.
    Loaded(PathBuf),
    /// The file does not load; `kept` says whether an earlier good version stays in use.
    Broken {
        path: PathBuf,
        errors: CatalogErrors,
        kept: bool,
    },
}

/// The catalog files in use, by absolute path.
#[derive(Default)]
pub struct Catalogs {
    files: HashMap<PathBuf, Entry>,
}

/// The key a path is stored under: absolute, so an editor's URI and a setting's path agree.
pub fn key(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn load(path: &Path) -> Result<Arc<Catalog>, CatalogErrors> {
    crate::examples::load_path(path).map(Arc::new)
}

impl Catalogs {
    /// The catalog at `path` (`None`: the embedded default), loading it on first use. A file
    /// that never loaded stands in for the default catalog until it does.
    pub fn get(&mut self, path: Option<&Path>) -> (Arc<Catalog>, Change) {
        let Some(path) = path else {
            return (Catalog::default_catalog(), Change::Unchanged);
        };
        let k = key(path);
        if let Some(e) = self.files.get(&k) {
            let c = e.good.clone().unwrap_or_else(Catalog::default_catalog);
            return (c, Change::Unchanged);
        }
        let change = self.load_into(k.clone());
        let c = self.files[&k]
            .good
            .clone()
            .unwrap_or_else(Catalog::default_catalog);
        (c, change)
    }

    fn load_into(&mut self, k: PathBuf) -> Change {
        let loaded = load(&k);
        let entry = self.files.entry(k.clone()).or_insert(Entry {
            good: None,
            errors: None,
        });
        match loaded {
            Ok(c) => {
                entry.good = Some(c);
                entry.errors = None;
                Change::Loaded(k)
            }
            Err(errors) => {
                entry.errors = Some(errors.clone());
                Change::Broken {
                    path: k,
                    errors,
                    kept: entry.good.is_some(),
                }
            }
        }
    }

    /// Re-reads `path` if it is a catalog in use.
    pub fn reload(&mut self, path: &Path) -> Change {
        let k = key(path);
        if !self.files.contains_key(&k) {
            return Change::Unchanged;
        }
        self.load_into(k)
    }

    pub fn is_known(&self, path: &Path) -> bool {
        self.files.contains_key(&key(path))
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// Why the file at `path` does not load now, if it does not.
    pub fn errors(&self, path: &Path) -> Option<&CatalogErrors> {
        self.files.get(&key(path)).and_then(|e| e.errors.as_ref())
    }
}
