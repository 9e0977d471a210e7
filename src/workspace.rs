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
    pub fn catalog_for(&self, config: Option<&Config>) -> Result<Arc<Catalog>, CatalogErrors> {
        let path = self
            .catalog_override
            .clone()
            .or_else(|| config.and_then(|c| c.catalog.clone()));
        let Some(path) = path else {
            return Ok(Catalog::default_catalog());
        };
        if let Some(c) = self.catalogs.lock().expect("catalog cache").get(&path) {
            return Ok(c.clone());
        }
        let catalog = Arc::new(Catalog::from_path(&path)?);
        self.catalogs
            .lock()
            .expect("catalog cache")
            .insert(path, catalog.clone());
        Ok(catalog)
    }
}
