//! What the shells share around the core: finding the `macrolint.toml` that governs a file
//! (walking up from it) and loading the catalog it names, each once per run.
//!
//! This is the only module of the library that reads the file system; the core never calls it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::catalog::{Catalog, CatalogErrors};
use crate::config::{CONFIG_FILE, Config};

/// Caches configs by folder and catalogs by path.
#[derive(Default)]
pub struct Resolver {
    /// A catalog given by the user (`--catalog`, an editor setting): it beats any config's.
    pub catalog_override: Option<PathBuf>,
    configs: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    catalogs: Mutex<HashMap<PathBuf, Arc<Catalog>>>,
}

impl Resolver {
    pub fn new(catalog_override: Option<PathBuf>) -> Self {
        Self {
            catalog_override,
            ..Self::default()
        }
    }

    /// The nearest `macrolint.toml` at or above `file`'s folder.
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
            if candidate.is_file() {
                let text = std::fs::read_to_string(&candidate).map_err(|e| {
                    CatalogErrors(vec![crate::catalog::CatalogError {
                        file: candidate.display().to_string(),
                        line: 1,
                        column: 1,
                        message: format!("cannot read the config: {e}"),
                        help: Some("check the file's permissions and that it is UTF-8".into()),
                    }])
                })?;
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
    /// stay inside the workspace (see [`workspace_root`]), symlinks resolved: a cloned
    /// repository cannot make macrolint read `/etc/passwd` or a home-folder file.
    pub fn catalog_for(&self, config: Option<&Config>) -> Result<Arc<Catalog>, CatalogErrors> {
        let (path, from_workspace) = match (
            &self.catalog_override,
            config.and_then(|c| c.catalog.clone()),
        ) {
            (Some(p), _) => (p.clone(), false),
            (None, Some(p)) => (p, true),
            (None, None) => return Ok(Catalog::default_catalog()),
        };
        if from_workspace && let Some(config) = config {
            confine(&path, &workspace_root(&config.root))?;
        }
        if let Some(c) = self.catalogs.lock().expect("catalog cache").get(&path) {
            return Ok(c.clone());
        }
        let catalog = Arc::new(crate::examples::load_path(&path)?);
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

/// Refuses a path (from workspace configuration) that resolves outside `root`.
pub fn confine(path: &Path, root: &Path) -> Result<(), CatalogErrors> {
    let resolved = std::fs::canonicalize(path);
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match resolved {
        // A missing file is reported by the loader with its own message.
        Err(_) => Ok(()),
        Ok(p) if p.starts_with(&root) => Ok(()),
        Ok(p) => Err(CatalogErrors(vec![crate::catalog::CatalogError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: format!("the catalog resolves to {}, outside the workspace {}", p.display(), root.display()),
            help: Some("macrolint.toml may only name a catalog inside its workspace; to use this one, pass --catalog (or set it in your editor's user settings)".into()),
        }])),
    }
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
