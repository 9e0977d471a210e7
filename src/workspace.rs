//! What the shells share around the core: finding the `macrolint.toml` that governs a file
//! (walking up from it) and loading the catalog it names, each once per run.
//!
//! This and [`crate::disk`] are the only modules of the library that read the file system; the
//! core never calls them. Every read of workspace configuration is confined to the workspace.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::catalog::{Catalog, CatalogError, CatalogErrors, Origin};
use crate::config::{CONFIG_FILE, Config};
use crate::disk::{Refused, Root};

/// Configs are small: anything larger is not one.
pub const MAX_CONFIG_SIZE: u64 = 1 << 20;
/// The largest catalog file a workspace may name (the embedded one is 40 KB).
pub const MAX_CATALOG_SIZE: u64 = 64 << 20;

/// Caches configs by folder and catalogs by path.
#[derive(Default)]
pub struct Resolver {
    /// A catalog given by the user (`--catalog`, an editor setting): it beats any config's.
    pub catalog_override: Option<PathBuf>,
    configs: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    catalogs: Mutex<HashMap<PathBuf, Arc<Catalog>>>,
}

/// A read refusal as a config or catalog error, at the start of the file.
pub fn refusal(path: &Path, e: &Refused, what: &str) -> CatalogErrors {
    CatalogErrors(vec![CatalogError {
        file: path.display().to_string(),
        line: 1,
        column: 1,
        message: match e {
            Refused::Outside { resolved, root, .. } => format!(
                "{what} resolves to {}, outside the workspace {}; it is not read",
                resolved.display(),
                root.display()
            ),
            Refused::Directory(_) => format!("is a directory, not a {what} file"),
            Refused::NotRegular(_) => format!(
                "is not a regular file (a FIFO, a socket or a device), not a {what} file"
            ),
            Refused::TooLarge { limit, .. } => {
                format!("the {what} is larger than {limit} bytes; it is not read")
            }
            Refused::Io { source, .. } => format!("cannot read the {what}: {source}"),
            other => other.to_string(),
        },
        help: Some(match e {
            Refused::Outside { .. } if what == "catalog" => "macrolint.toml may only name a catalog inside its workspace; to use this one, pass --catalog (or set it in your editor's user settings)".into(),
            Refused::Outside { .. } => "a workspace's macrolint.toml must be a file inside it, not a link out of it".into(),
            Refused::Io { .. } => "check the path and its permissions".into(),
            _ => format!("point it at a .toml {what} file"),
        }),
    }])
}

/// The text of a workspace file (a config, a catalog) that must stay inside `root`: UTF-8,
/// a leading byte-order mark dropped.
pub fn read_confined(
    root: &Root,
    path: &Path,
    limit: u64,
    what: &str,
) -> Result<String, CatalogErrors> {
    let bytes = crate::disk::read(root, path, limit).map_err(|e| refusal(path, &e, what))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CatalogErrors(vec![CatalogError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: format!("the {what} is not UTF-8 ({e})"),
            help: Some(format!("save the {what} as UTF-8")),
        }])
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    })
}

/// Loads the catalog at `path` from a workspace: read only if it stays inside `root`.
pub fn load_confined_catalog(root: &Root, path: &Path) -> Result<Catalog, CatalogErrors> {
    let text = read_confined(root, path, MAX_CATALOG_SIZE, "catalog")?;
    crate::examples::load_text(&text, Origin::File(path.display().to_string()))
}

/// The confinement root of a config's workspace (see [`workspace_root`]).
pub fn root_of(config: &Config) -> Result<Root, CatalogErrors> {
    let dir = workspace_root(&config.root);
    Root::new(&dir).map_err(|e| {
        CatalogErrors(vec![CatalogError {
            file: dir.display().to_string(),
            line: 1,
            column: 1,
            message: format!("cannot resolve the workspace folder: {e}"),
            help: None,
        }])
    })
}

impl Resolver {
    pub fn new(catalog_override: Option<PathBuf>) -> Self {
        Self {
            catalog_override,
            ..Self::default()
        }
    }

    /// The nearest `macrolint.toml` at or above `file`'s folder. It is read only if it stays
    /// inside its workspace: a repository cannot make it a link to a file elsewhere.
    pub fn config_for(&self, file: &Path) -> Result<Option<Arc<Config>>, CatalogErrors> {
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        let mut visited = Vec::new();
        let found = loop {
            let Some(d) = dir else { break None };
            if let Some(cached) = self.configs.lock().expect("config cache").get(d) {
                break cached.clone();
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(CONFIG_FILE);
            if candidate.symlink_metadata().is_ok() {
                let root = Root::new(&workspace_root(d)).map_err(|e| {
                    refusal(
                        &candidate,
                        &Refused::Io {
                            path: candidate.clone(),
                            what: "cannot resolve the workspace",
                            source: e,
                        },
                        "config",
                    )
                })?;
                let text = read_confined(&root, &candidate, MAX_CONFIG_SIZE, "config")?;
                break Some(Arc::new(Config::from_toml(&text, &candidate)?));
            }
            dir = d.parent();
        };
        let mut cache = self.configs.lock().expect("config cache");
        for d in visited {
            cache.insert(d, found.clone());
        }
        Ok(found)
    }

    /// The catalog for files governed by `config`: the override, else the config's, else the
    /// embedded default.
    ///
    /// Trust: an override comes from the user (a CLI flag, an editor's user settings) and may
    /// point anywhere. A catalog named by `macrolint.toml` comes from the workspace, so it must
    /// stay inside the workspace (see [`workspace_root`]), symlinks resolved, when it is read:
    /// a cloned repository cannot make macrolint read `/etc/passwd` or a home-folder file.
    pub fn catalog_for(&self, config: Option<&Config>) -> Result<Arc<Catalog>, CatalogErrors> {
        let (path, from_workspace) = match (
            &self.catalog_override,
            config.and_then(|c| c.catalog.clone()),
        ) {
            (Some(p), _) => (p.clone(), None),
            (None, Some(p)) => (p, config),
            (None, None) => return Ok(Catalog::default_catalog()),
        };
        if let Some(c) = self.catalogs.lock().expect("catalog cache").get(&path) {
            return Ok(c.clone());
        }
        let catalog = Arc::new(match from_workspace {
            Some(config) => load_confined_catalog(&root_of(config)?, &path)?,
            None => crate::examples::load_path(&path)?,
        });
        self.catalogs
            .lock()
            .expect("catalog cache")
            .insert(path, catalog.clone());
        Ok(catalog)
    }
}

/// The workspace a config belongs to: the nearest folder at or above it with a `.git`, else the
/// config's own folder. Paths from the workspace's configuration must stay inside it.
pub fn workspace_root(config_dir: &Path) -> PathBuf {
    let abs = std::path::absolute(config_dir).unwrap_or_else(|_| config_dir.to_path_buf());
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or(abs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_config_cannot_name_a_catalog_outside_the_workspace() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.toml");
        std::fs::write(&secret, "").unwrap();
        let ws = tempfile::tempdir().unwrap();
        std::fs::create_dir(ws.path().join(".git")).unwrap();
        std::fs::create_dir(ws.path().join("templates")).unwrap();
        let cfg = ws.path().join("templates/macrolint.toml");
        std::fs::write(
            &cfg,
            format!("catalog = {:?}\n", secret.display().to_string()),
        )
        .unwrap();
        let r = Resolver::new(None);
        let config = r
            .config_for(&ws.path().join("templates/a.md"))
            .unwrap()
            .unwrap();
        let e = r.catalog_for(Some(&config)).unwrap_err();
        assert!(e.to_string().contains("outside the workspace"), "{e}");
        // A symlink inside the workspace that points out is refused too.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&secret, ws.path().join("link.toml")).unwrap();
            std::fs::write(&cfg, "catalog = \"../link.toml\"\n").unwrap();
            let r = Resolver::new(None);
            let config = r
                .config_for(&ws.path().join("templates/a.md"))
                .unwrap()
                .unwrap();
            assert!(r.catalog_for(Some(&config)).is_err());
        }
        // Inside the workspace (above the config, below .git) is fine.
        std::fs::write(ws.path().join("ours.toml"), "[[channel]]\nid = \"chat.web\"\nkind = \"chat\"\nvalue = \"Help\"\nstatus = \"active\"\nsource = [\"s\"]\n").unwrap();
        std::fs::write(&cfg, "catalog = \"../ours.toml\"\n").unwrap();
        let r = Resolver::new(None);
        let config = r
            .config_for(&ws.path().join("templates/a.md"))
            .unwrap()
            .unwrap();
        assert_eq!(r.catalog_for(Some(&config)).unwrap().channels.len(), 1);
        // The user's own choice may point anywhere.
        let r = Resolver::new(Some(secret.clone()));
        assert_eq!(r.catalog_for(Some(&config)).unwrap().channels.len(), 0);
    }
}
