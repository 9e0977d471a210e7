//! Catalog files as a long-running server sees them: each loaded once, re-read when it changes
//! on disk, and a broken version never replaces the last good one.
//!
//! `workspace::Resolver` caches catalogs for the whole of a CLI run; an editor session outlives
//! many edits of the catalog, hence this store. It never loads anything itself: loading a
//! catalog of a cloned repository can take seconds, so the server takes a [`Load`] from here
//! under its state lock, runs it without the lock ([`Load::run`]) and stores the outcome
//! ([`Catalogs::store`]). A catalog named by a workspace's `macrolint.toml` is read only while
//! it stays inside that workspace; when it is swapped for a link out of it, the last good
//! version stays in use and the refusal is reported like any other broken catalog.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::OnceCell;

use crate::Catalog;
use crate::catalog::CatalogErrors;
use crate::disk::Root;

/// What loading a catalog file gave.
pub type Outcome = Result<Arc<Catalog>, CatalogErrors>;

/// The state of one catalog file.
struct Entry {
    /// The last version that loaded; `None` if none ever did.
    good: Option<Arc<Catalog>>,
    /// Why the file as it is now does not load.
    errors: Option<CatalogErrors>,
    /// Whether a load of it ever finished.
    tried: bool,
    /// For a catalog named by a workspace: the workspace it must stay in.
    root: Option<Root>,
    /// The newest load asked for; an older one that finishes later is dropped.
    seq: u64,
    /// That load, shared by everyone waiting for it.
    pending: Option<Arc<OnceCell<Outcome>>>,
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

/// One load of a catalog file, to run without the server's lock.
#[derive(Clone)]
pub struct Load {
    pub path: PathBuf,
    root: Option<Root>,
    seq: u64,
    cell: Arc<OnceCell<Outcome>>,
}

impl Load {
    /// Loads the file (once, however many tasks wait for it), on the blocking pool.
    pub async fn run(&self) -> Outcome {
        self.cell
            .get_or_init(|| async {
                let (path, root) = (self.path.clone(), self.root.clone());
                tokio::task::spawn_blocking(move || load(&path, root.as_ref()))
                    .await
                    .unwrap_or_else(|e| {
                        Err(CatalogErrors(vec![crate::catalog::CatalogError {
                            file: self.path.display().to_string(),
                            line: 1,
                            column: 1,
                            message: format!("loading the catalog failed: {e}"),
                            help: None,
                        }]))
                    })
            })
            .await
            .clone()
    }
}

/// The key a path is stored under: absolute, so an editor's URI and a setting's path agree.
pub fn key(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// With the language server's test hooks on, every catalog load takes this many milliseconds
/// longer: how the tests see that a slow load holds nothing up.
pub const SLOW_LOAD_ENV: &str = "MACROLINT_TEST_CATALOG_DELAY_MS";

/// Reads and loads a catalog file: confined to `root` when it comes from a workspace.
pub fn load(path: &Path, root: Option<&Root>) -> Outcome {
    if std::env::var_os(super::TEST_HOOKS_ENV).is_some_and(|v| !v.is_empty())
        && let Some(ms) = std::env::var(SLOW_LOAD_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    match root {
        Some(root) => crate::workspace::load_confined_catalog(root, path),
        None => crate::examples::load_path(path),
    }
    .map(Arc::new)
}

/// The catalog files in use, by absolute path and the workspace they must stay in: the same
/// file named by a workspace (confined) and by the user's own setting (not) are two entries.
#[derive(Default)]
pub struct Catalogs {
    files: HashMap<(PathBuf, Option<Root>), Entry>,
}

impl Catalogs {
    /// The catalog to use for `path` (`None`: the embedded default): the last good version,
    /// else the default while none loaded. Never loads: see [`Catalogs::needs`].
    pub fn current(&self, path: Option<(&Path, Option<&Root>)>) -> Arc<Catalog> {
        path.and_then(|(p, root)| self.files.get(&(key(p), root.cloned())))
            .and_then(|e| e.good.clone())
            .unwrap_or_else(Catalog::default_catalog)
    }

    /// The load to run before `path` can be used, if it was never loaded: the one already
    /// running, or a new one. `root`: the workspace a config-named catalog must stay in.
    pub fn needs(&mut self, path: &Path, root: Option<Root>) -> Option<Load> {
        let k = key(path);
        let entry = self
            .files
            .entry((k.clone(), root.clone()))
            .or_insert_with(|| Entry {
                good: None,
                errors: None,
                tried: false,
                root: root.clone(),
                seq: 0,
                pending: None,
            });
        if entry.tried {
            return None;
        }
        let cell = entry.pending.get_or_insert_with(Arc::default).clone();
        Some(Load {
            path: k,
            root: entry.root.clone(),
            seq: entry.seq,
            cell,
        })
    }

    /// New loads of `path` if it is a catalog in use (it changed on disk).
    pub fn reload(&mut self, path: &Path) -> Vec<Load> {
        let k = key(path);
        self.files
            .iter_mut()
            .filter(|((p, _), _)| *p == k)
            .map(|(_, entry)| {
                entry.seq += 1;
                let cell: Arc<OnceCell<Outcome>> = Arc::default();
                entry.pending = Some(cell.clone());
                Load {
                    path: k.clone(),
                    root: entry.root.clone(),
                    seq: entry.seq,
                    cell,
                }
            })
            .collect()
    }

    /// Keeps what `load` gave, unless a newer load of the same file was asked for meanwhile
    /// (or this one was stored already).
    pub fn store(&mut self, load: &Load, outcome: Outcome) -> Change {
        let Some(entry) = self.files.get_mut(&(load.path.clone(), load.root.clone())) else {
            return Change::Unchanged;
        };
        let current = entry
            .pending
            .as_ref()
            .is_some_and(|p| Arc::ptr_eq(p, &load.cell));
        if entry.seq != load.seq || !current {
            return Change::Unchanged;
        }
        entry.pending = None;
        entry.tried = true;
        match outcome {
            Ok(c) => {
                entry.good = Some(c);
                entry.errors = None;
                Change::Loaded(load.path.clone())
            }
            Err(errors) => {
                entry.errors = Some(errors.clone());
                Change::Broken {
                    path: load.path.clone(),
                    errors,
                    kept: entry.good.is_some(),
                }
            }
        }
    }

    fn entries(&self, path: &Path) -> impl Iterator<Item = &Entry> {
        let k = key(path);
        self.files
            .iter()
            .filter(move |((p, _), _)| *p == k)
            .map(|(_, e)| e)
    }

    pub fn is_known(&self, path: &Path) -> bool {
        self.entries(path).next().is_some()
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(|(p, _)| p.as_path())
    }

    /// Why the file at `path` does not load now, if it does not.
    pub fn errors(&self, path: &Path) -> Option<&CatalogErrors> {
        self.entries(path).find_map(|e| e.errors.as_ref())
    }

    /// The workspace the file at `path` must stay in, if it is a workspace's catalog.
    pub fn root(&self, path: &Path) -> Option<&Root> {
        self.entries(path).find_map(|e| e.root.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "[[channel]]\nid = \"chat.web\"\nkind = \"chat\"\nvalue = \"Help\"\nstatus = \"active\"\nsource = [\"s\"]\n";

    /// A catalog swapped for a link out of its workspace: refused, the last good one kept.
    #[cfg(unix)]
    #[tokio::test]
    async fn a_swap_to_an_outside_link_keeps_the_last_good_catalog() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("other.toml"),
            GOOD.replace("Help", "Other"),
        )
        .unwrap();
        let ws = tempfile::tempdir().unwrap();
        let path = ws.path().join("catalog.toml");
        std::fs::write(&path, GOOD).unwrap();
        let root = Root::new(ws.path()).unwrap();
        let mut store = Catalogs::default();
        let load = store.needs(&path, Some(root.clone())).unwrap();
        assert!(
            store.needs(&path, Some(root.clone())).is_some(),
            "still loading: the same load"
        );
        let outcome = load.run().await;
        assert!(matches!(store.store(&load, outcome), Change::Loaded(_)));
        assert!(store.needs(&path, Some(root.clone())).is_none());
        let here = Some((path.as_path(), Some(&root)));
        assert_eq!(store.current(here).channels.len(), 1);

        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(outside.path().join("other.toml"), &path).unwrap();
        let again = store.reload(&path).pop().unwrap();
        let outcome = again.run().await;
        match store.store(&again, outcome) {
            Change::Broken { errors, kept, .. } => {
                assert!(kept);
                assert!(
                    errors.to_string().contains("outside the workspace"),
                    "{errors}"
                );
            }
            other => panic!("{other:?}"),
        }
        let c = store.current(Some((path.as_path(), Some(&root))));
        assert_eq!(
            c.channels[0].value.as_deref(),
            Some("Help"),
            "the last good one"
        );
    }

    /// An older load that finishes after a newer one was asked for is dropped.
    #[tokio::test]
    async fn a_stale_load_is_dropped() {
        let ws = tempfile::tempdir().unwrap();
        let path = ws.path().join("catalog.toml");
        std::fs::write(&path, GOOD).unwrap();
        let mut store = Catalogs::default();
        let first = store.needs(&path, None).unwrap();
        let second = store.reload(&path).pop().unwrap();
        let o = first.run().await;
        assert!(matches!(store.store(&first, o), Change::Unchanged));
        let o = second.run().await;
        assert!(matches!(store.store(&second, o), Change::Loaded(_)));
    }
}
