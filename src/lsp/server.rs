//! The language server: shared state, and the handlers tower-lsp-server calls.
//!
//! One rule keeps edits in order (see `transport`): a handler changes state synchronously,
//! before its first `.await`. Slow work (checks, requests to the client) runs in tasks that take
//! a snapshot, work without the lock, and store or publish a result only if the document has not
//! changed meanwhile.

use jiff::civil::Date;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::catalog::CatalogErrors;
use crate::config::{CONFIG_FILE, Config};
use crate::disk::Root;
use crate::workspace::{Resolver, root_of, workspace_root};
use crate::{Catalog, Lang};

use super::analysis::{Analysis, Failure, Profile, Snapshot, analyse};
use super::caps::ClientCaps;
use super::catalogs::{Catalogs, Change, Load};
use super::diagnostics::{self, SOURCE};
use super::document::{OpenDocument, format_for};
use super::outbox::Outbox;
use super::settings::Settings;
use super::{actions, completion, hover, links};
use crate::assist::channel_doc::tr;

/// Everything the handlers share.
pub struct State {
    pub docs: HashMap<Uri, OpenDocument>,
    pub settings: Settings,
    pub caps: ClientCaps,
    /// The first workspace folder: relative settings paths and untitled documents use it.
    pub root: Option<PathBuf>,
    resolver: Resolver,
    catalogs: Catalogs,
    /// `macrolint.toml` files that do not parse, with their errors.
    broken_configs: HashMap<PathBuf, CatalogErrors>,
    /// Files (catalogs, configs) that currently carry error diagnostics.
    flagged_files: HashSet<PathBuf>,
    /// The last config that parsed, per document, used while its file is broken.
    last_configs: HashMap<Uri, Option<Arc<Config>>>,
    next_generation: u64,
    /// Orders settings updates: an answer to an older `workspace/configuration` is dropped.
    settings_seq: u64,
    out: Outbox,
}

/// The state and the channels to the client.
pub struct Shared {
    state: Mutex<State>,
    pub out: Outbox,
    pub client: Client,
    shut_down: Arc<AtomicBool>,
    registrations: AtomicU64,
    /// How checks went, for `macrolint/status` (and the tests of cancellation).
    pub checks: CheckStats,
}

/// Counts of checks since the server started.
#[derive(Default)]
pub struct CheckStats {
    started: AtomicU64,
    finished: AtomicU64,
    cancelled: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
}

impl CheckStats {
    fn start(&self) {
        self.started.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
    }

    fn end(&self, cancelled: bool) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        let counter = if cancelled {
            &self.cancelled
        } else {
            &self.finished
        };
        counter.fetch_add(1, Ordering::SeqCst);
    }

    fn to_json(&self) -> Value {
        let get = |c: &AtomicU64| c.load(Ordering::SeqCst);
        json!({
            "started": get(&self.started),
            "finished": get(&self.finished),
            "cancelled": get(&self.cancelled),
            "inFlight": get(&self.in_flight),
            "maxInFlight": get(&self.max_in_flight),
        })
    }
}

impl Shared {
    /// The state. A handler that panicked while holding the lock leaves it poisoned; the data
    /// is still consistent (every change is made in one step), so serving goes on.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts the push check of `uri` at its current generation, after `debounce`.
    fn schedule(self: &Arc<Self>, st: &State, uri: &Uri, debounce: Duration) {
        if st.caps.pull {
            return;
        }
        if let Some(doc) = st.docs.get(uri) {
            tokio::spawn(push(self.clone(), uri.clone(), doc.generation, debounce));
        }
    }

    /// After a settings, catalog or config change: every open document is checked again.
    fn recheck_all(self: &Arc<Self>, st: &mut State) {
        let uris: Vec<Uri> = st.docs.keys().cloned().collect();
        for uri in &uris {
            st.touch(uri);
            self.schedule(st, uri, Duration::ZERO);
        }
        if st.caps.pull && st.caps.refresh_diagnostics {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
        if st.caps.refresh_inlay_hints {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.inlay_hint_refresh().await;
            });
        }
    }

    /// Asks the client for the `macrolint` settings section and applies the answer, unless
    /// newer settings came in meanwhile.
    fn pull_settings(self: &Arc<Self>, st: &mut State) {
        if !st.caps.configuration {
            return;
        }
        st.settings_seq += 1;
        let seq = st.settings_seq;
        let shared = self.clone();
        tokio::spawn(async move {
            let items = vec![ConfigurationItem {
                scope_uri: None,
                section: Some("macrolint".into()),
            }];
            match shared.client.configuration(items).await {
                Ok(values) => {
                    let value = values.into_iter().next().unwrap_or(Value::Null);
                    let mut st = shared.lock();
                    if st.settings_seq == seq && !value.is_null() {
                        shared.apply_settings(&mut st, &value);
                    }
                }
                Err(e) => shared.out.log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {}", e.message),
                ),
            }
        });
    }

    /// Lays new settings over the current ones and re-checks everything.
    fn apply_settings(self: &Arc<Self>, st: &mut State, value: &Value) {
        let old_catalog = st.settings.catalog.clone();
        let root = st.root.clone();
        for p in st.settings.merge(value, root.as_deref()) {
            self.out
                .show(MessageType::WARNING, format!("macrolint settings: {p}"));
        }
        if st.settings.catalog != old_catalog {
            self.register_watchers(st);
        }
        self.recheck_all(st);
    }

    /// Registers file watching for catalogs and `macrolint.toml`, where the client lets us.
    fn register_watchers(self: &Arc<Self>, st: &State) {
        if !st.caps.watch_dynamic {
            return;
        }
        let mut watchers = vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*.toml".into()),
            kind: None,
        }];
        if st.caps.watch_relative {
            let catalog = st.settings.catalog.as_deref();
            for path in catalog.into_iter().chain(st.catalogs.paths()) {
                let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
                    continue;
                };
                let Some(base) = Uri::from_file_path(dir) else {
                    continue;
                };
                watchers.push(FileSystemWatcher {
                    glob_pattern: GlobPattern::Relative(RelativePattern {
                        base_uri: OneOf::Right(base),
                        pattern: name.to_string_lossy().into_owned(),
                    }),
                    kind: None,
                });
            }
        }
        let n = self.registrations.fetch_add(1, Ordering::Relaxed);
        let registration = Registration {
            id: format!("macrolint-watch-{n}"),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        let shared = self.clone();
        tokio::spawn(async move {
            if let Err(e) = shared.client.register_capability(vec![registration]).await {
                shared.out.log(
                    MessageType::WARNING,
                    format!("cannot watch the catalog files: {}", e.message),
                );
            }
        });
    }

    /// Files changed on disk (watched, or saved in the editor): reload what they feed. The
    /// same file named many times in one notification is reloaded once, and catalogs are
    /// loaded without the lock (a large one takes seconds; every request would wait).
    fn files_changed(self: &Arc<Self>, st: &mut State, paths: Vec<PathBuf>) {
        let mut seen = HashSet::new();
        let mut config_changed = false;
        for path in paths {
            if !seen.insert(super::catalogs::key(&path)) {
                continue;
            }
            if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
                config_changed = true;
            }
            for load in st.catalogs.reload(&path) {
                let shared = self.clone();
                tokio::spawn(async move {
                    let outcome = load.run().await;
                    let mut st = shared.lock();
                    let change = st.catalogs.store(&load, outcome);
                    if !matches!(change, Change::Unchanged) {
                        st.report(change);
                        shared.recheck_all(&mut st);
                    }
                });
            }
        }
        if config_changed {
            // Configs are cached by the resolver; a new one reads them afresh.
            st.resolver = Resolver::new(None);
            let broken: Vec<PathBuf> = st.broken_configs.drain().map(|(p, _)| p).collect();
            for p in broken {
                st.clear_file(&p);
            }
            self.recheck_all(st);
        }
    }
}

/// Loads the catalog that governs `uri` (or the workspace) if it never was, without holding
/// the state lock while it loads; everyone who needs it meanwhile waits for the same load.
pub async fn ensure_catalog(shared: &Shared, uri: Option<&Uri>) {
    // A settings change while loading can name another catalog: a few rounds at most.
    for _ in 0..3 {
        let Some(load) = shared.lock().catalog_load(uri) else {
            return;
        };
        let outcome = load.run().await;
        let mut st = shared.lock();
        let change = st.catalogs.store(&load, outcome);
        st.report(change);
    }
}

impl State {
    fn new(out: Outbox) -> Self {
        Self {
            docs: HashMap::new(),
            settings: Settings::default(),
            caps: ClientCaps::default(),
            root: None,
            resolver: Resolver::new(None),
            catalogs: Catalogs::default(),
            broken_configs: HashMap::new(),
            flagged_files: HashSet::new(),
            last_configs: HashMap::new(),
            next_generation: 0,
            settings_seq: 0,
            out,
        }
    }

    fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    /// Marks `uri` changed: its analysis is stale from now on.
    fn touch(&mut self, uri: &Uri) {
        let g = self.generation();
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.touch(g);
        }
    }

    /// The language of messages not tied to a document: the setting, else the client's
    /// locale, else Russian.
    fn lang(&self) -> Lang {
        self.settings
            .lang
            .or_else(|| self.caps.locale.as_deref().map(Lang::from_locale))
            .unwrap_or(Lang::Ru)
    }

    /// The `macrolint.toml` governing `file` (or the workspace), reporting a broken one once.
    fn config_for(&mut self, file: Option<&Path>) -> Option<Arc<Config>> {
        let place = file.map(Path::to_path_buf).or_else(|| self.root.clone())?;
        match self.resolver.config_for(&place) {
            Ok(c) => c,
            Err(errors) => {
                let path = errors
                    .0
                    .first()
                    .map(|e| PathBuf::from(&e.file))
                    .unwrap_or_else(|| place.join(CONFIG_FILE));
                if self.broken_configs.get(&path) != Some(&errors) {
                    self.broken_configs.insert(path.clone(), errors.clone());
                    let lang = self.lang();
                    self.out.show(
                        MessageType::ERROR,
                        format!(
                            "{} {}:\n{errors}",
                            path.display(),
                            tr(
                                lang,
                                "не читается; действуют прежние настройки",
                                "does not parse; the previous settings stay in use"
                            ),
                        ),
                    );
                    self.flag_file(&path, &errors);
                }
                None
            }
        }
    }

    /// Publishes error diagnostics on a catalog or config file (push clients).
    fn flag_file(&mut self, path: &Path, errors: &CatalogErrors) {
        self.flagged_files.insert(path.to_path_buf());
        if self.caps.pull {
            return;
        }
        if let Some(uri) = Uri::from_file_path(path) {
            let text = self.file_text(path);
            let diagnostics = diagnostics::file_errors(errors, path, &text, self.caps.encoding);
            self.out
                .publish(PublishDiagnosticsParams::new(uri, diagnostics, None));
        }
    }

    fn clear_file(&mut self, path: &Path) {
        if !self.flagged_files.remove(path) || self.caps.pull {
            return;
        }
        if let Some(uri) = Uri::from_file_path(path) {
            self.out
                .publish(PublishDiagnosticsParams::new(uri, Vec::new(), None));
        }
    }

    /// Tells the user what loading a catalog changed.
    fn report(&mut self, change: Change) {
        let lang = self.lang();
        match change {
            Change::Unchanged => {}
            Change::Loaded(path) => {
                self.out.log(
                    MessageType::INFO,
                    format!("loaded the catalog {}", path.display()),
                );
                self.clear_file(&path);
            }
            Change::Broken { path, errors, kept } => {
                let fallback = if kept {
                    tr(
                        lang,
                        "остаётся в силе последняя рабочая версия",
                        "the last good version stays in use",
                    )
                } else {
                    tr(
                        lang,
                        "пока действует встроенный каталог",
                        "the embedded default catalog is used meanwhile",
                    )
                };
                self.out.show(
                    MessageType::ERROR,
                    format!(
                        "{} {} ({fallback}):\n{errors}",
                        tr(
                            lang,
                            "Каталог не загружается:",
                            "The catalog does not load:"
                        ),
                        path.display()
                    ),
                );
                self.flag_file(&path, &errors);
            }
        }
    }

    /// The catalog file to use under `config`: the editor setting (the user's own, trusted
    /// anywhere), else the config's, which is read only while it stays inside its workspace
    /// (the root returned with it), as for the CLI.
    fn catalog_path(&mut self, config: Option<&Config>) -> Option<(PathBuf, Option<Root>)> {
        if let Some(p) = &self.settings.catalog {
            return Some((p.clone(), None));
        }
        let config = config?;
        let path = config.catalog.clone()?;
        match root_of(config) {
            Ok(root) => Some((path, Some(root))),
            Err(errors) => {
                self.out.show(MessageType::ERROR, errors);
                None
            }
        }
    }

    /// The text of a catalog or config file, to place its errors: read like the file itself
    /// is (inside its workspace, if it comes from one), never a FIFO.
    fn file_text(&self, path: &Path) -> String {
        let root = self.catalogs.root(path).cloned().or_else(|| {
            let config = path.file_name().is_some_and(|n| n == CONFIG_FILE);
            let dir = path.parent().filter(|_| config)?;
            Root::new(&workspace_root(dir)).ok()
        });
        let bytes = match root {
            Some(root) => crate::disk::read(&root, path, crate::workspace::MAX_CATALOG_SIZE),
            None => Root::new(path.parent().unwrap_or(Path::new("/")))
                .map_err(|e| crate::disk::Refused::Io {
                    path: path.to_path_buf(),
                    what: "cannot resolve",
                    source: e,
                })
                .and_then(|r| crate::disk::read(&r, path, crate::workspace::MAX_CATALOG_SIZE)),
        };
        bytes
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The catalog load `uri`'s check (or the workspace's, for `None`) waits for, if its
    /// catalog was never loaded.
    pub fn catalog_load(&mut self, uri: Option<&Uri>) -> Option<Load> {
        let file = uri.and_then(|u| u.to_file_path()).map(|p| p.into_owned());
        let config = self.config_for(file.as_deref());
        let (path, root) = self.catalog_path(config.as_deref())?;
        self.catalogs.needs(&path, root)
    }

    /// What governs the check of the document at `file` (or of the workspace for `None`).
    fn profile(&mut self, uri: Option<&Uri>) -> Profile {
        let file = uri.and_then(|u| u.to_file_path()).map(|p| p.into_owned());
        let config = match self.config_for(file.as_deref()) {
            Some(c) => {
                if let Some(u) = uri {
                    self.last_configs.insert(u.clone(), Some(c.clone()));
                }
                Some(c)
            }
            None if self.broken_configs.is_empty() => None,
            None => uri
                .and_then(|u| self.last_configs.get(u).cloned())
                .flatten(),
        };
        let config = config.as_deref();
        let catalog_path = self.catalog_path(config);
        let catalog = self.catalogs.current(
            catalog_path
                .as_ref()
                .map(|(p, r)| (p.as_path(), r.as_ref())),
        );
        let place = file.clone().or_else(|| self.root.clone());
        let abs = place
            .as_deref()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
        let scope_audience = match (config, abs.as_deref()) {
            (Some(c), Some(p)) => c
                .scope_for(p)
                .map(|s| s.audience.clone())
                .filter(|a| !a.is_empty()),
            _ => None,
        };
        let region = match (config, abs.as_deref()) {
            (Some(c), Some(p)) => c.region_for(p),
            _ => None,
        };
        let mut levels = config.map(|c| c.levels.clone()).unwrap_or_default();
        levels.extend(self.settings.rules.iter().map(|(r, l)| (*r, *l)));
        // `[per-file-ignores]` is for files that cannot carry a suppression comment: it wins.
        if let (Some(c), Some(p)) = (config, abs.as_deref()) {
            levels.extend(c.ignored_for(p).into_iter().map(|r| (r, None)));
        }
        let format = match (config, file.as_deref()) {
            (Some(c), Some(p)) => p
                .extension()
                .and_then(|e| e.to_str())
                .and_then(|e| c.formats.get(&e.to_ascii_lowercase()).copied()),
            _ => None,
        };
        Profile {
            catalog,
            as_of: self
                .settings
                .as_of
                .or_else(|| config.and_then(|c| c.as_of))
                .unwrap_or_else(today),
            audience: scope_audience
                .or_else(|| self.settings.default_audience.clone())
                .or_else(|| config.and_then(|c| c.default_audience.clone())),
            region,
            levels,
            lang: self
                .settings
                .lang
                .or_else(|| config.and_then(|c| c.lang))
                .or_else(|| self.caps.locale.as_deref().map(Lang::from_locale))
                .unwrap_or(Lang::Ru),
            completion_style: self.settings.completion_style,
            unit_scopes: config.map(|c| c.unit_scopes.clone()).unwrap_or_default(),
            read: config.map(|c| c.read).unwrap_or_default(),
            format,
        }
    }

    /// The text and profile of an open document, to check without the lock.
    pub fn snapshot(&mut self, uri: &Uri) -> Option<Snapshot> {
        let doc = self.docs.get(uri)?;
        let (generation, version, format, text, judged) = (
            doc.generation,
            doc.version,
            doc.format,
            doc.rope.to_string(),
            doc.judged.clone(),
        );
        let profile = self.profile(Some(uri));
        Some(Snapshot {
            uri: uri.clone(),
            generation,
            version,
            text,
            format: profile.format.unwrap_or(format),
            profile,
            judged,
        })
    }

    /// Whether `a` is the analysis of its document as it is now.
    pub fn is_current(&self, a: &Analysis) -> bool {
        self.docs
            .get(&a.uri)
            .is_some_and(|d| d.generation == a.generation)
    }

    /// Sends an analysis's diagnostics (push clients only). Called with the lock held, right
    /// after [`State::is_current`] said yes, so no newer result can be overtaken.
    pub fn publish(&self, a: &Analysis) {
        if self.caps.pull {
            return;
        }
        let Some(doc) = self.docs.get(&a.uri) else {
            return;
        };
        let mut cache = doc.rendered.lock().unwrap_or_else(|p| p.into_inner());
        let items = diagnostics::rendered(a, self.caps.encoding, &mut cache);
        self.out
            .publish_rendered(a.uri.as_str(), Some(a.version), &items);
    }
}

/// Which analysis a caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// The document as it is now, however often it changes while waiting (a request).
    Newest,
    /// Exactly this generation, or nothing once the document moved on (a push: the push of
    /// the newer generation takes over).
    Generation(u64),
}

/// The analysis `want`ed of `uri`: the finished one, or a new check once the check in flight
/// (at most one per document) is done. A newer edit cancels a check between its parts. `None`
/// for a document that is not open, a generation that was overtaken, or a check that panicked
/// (logged).
pub async fn current_analysis(shared: &Shared, uri: &Uri, want: Want) -> Option<Arc<Analysis>> {
    // Each round ends with an analysis, or because an edit overtook the check: the client
    // stops typing eventually, but a request does not wait for ever.
    for _ in 0..16 {
        let generation = {
            let st = shared.lock();
            let doc = st.docs.get(uri)?;
            if want.is_overtaken(doc.generation) {
                return None;
            }
            if let Some(a) = doc.current() {
                return Some(a);
            }
            doc.generation
        };
        ensure_catalog(shared, Some(uri)).await;
        let gate = shared.lock().docs.get(uri)?.gate.clone();
        let _in_flight = gate.lock_owned().await;
        let (cell, snapshot, latest) = {
            let mut st = shared.lock();
            let doc = st.docs.get(uri)?;
            if want.is_overtaken(doc.generation) {
                return None;
            }
            if let Some(a) = doc.current() {
                return Some(a);
            }
            if doc.generation != generation {
                continue;
            }
            let (cell, latest) = (doc.analysis.clone(), doc.latest.clone());
            (cell, st.snapshot(uri)?, latest)
        };
        let stats = &shared.checks;
        let result = cell
            .get_or_try_init(|| async move {
                stats.start();
                let result = analyse(snapshot, latest).await;
                stats.end(result.is_err());
                result.map(Arc::new)
            })
            .await;
        match result {
            Ok(a) => return Some(a.clone()),
            Err(Failure::Cancelled) => continue,
            Err(panic) => {
                shared.out.log(
                    MessageType::ERROR,
                    format!("checking {} failed: {panic}", uri.as_str()),
                );
                return None;
            }
        }
    }
    None
}

impl Want {
    fn is_overtaken(self, now: u64) -> bool {
        matches!(self, Want::Generation(g) if g != now)
    }
}

fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// The server tower-lsp-server drives.
pub struct Backend {
    shared: Arc<Shared>,
}

/// `macrolint/status` parameters: optionally the document whose catalog to describe.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct StatusParams {
    pub text_document: Option<TextDocumentIdentifier>,
}

impl Backend {
    pub fn new(client: Client, out: Outbox, shut_down: Arc<AtomicBool>) -> Self {
        Self {
            shared: Arc::new(Shared {
                state: Mutex::new(State::new(out.clone())),
                out,
                client,
                shut_down,
                registrations: AtomicU64::new(0),
                checks: CheckStats::default(),
            }),
        }
    }

    /// `macrolint/status`: the catalog in use (for a document, or for the workspace).
    pub async fn status(&self, params: Option<StatusParams>) -> Result<Value> {
        let uri = params.and_then(|p| p.text_document).map(|t| t.uri);
        ensure_catalog(&self.shared, uri.as_ref()).await;
        let mut st = self.shared.lock();
        let catalog_path = {
            let file = uri
                .as_ref()
                .and_then(|u| u.to_file_path())
                .map(|p| p.into_owned());
            let config = st.config_for(file.as_deref());
            st.catalog_path(config.as_deref()).map(|(p, _)| p)
        };
        let profile = st.profile(uri.as_ref());
        let c: &Catalog = &profile.catalog;
        let errors = catalog_path
            .as_deref()
            .and_then(|p| st.catalogs.errors(p))
            .map(|e| e.to_string());
        Ok(json!({
            "catalog": {
                "origin": c.origin.to_string(),
                "path": catalog_path.map(|p| p.display().to_string()),
                "name": c.name,
                "hash": c.hash,
                "channels": c.channels.len(),
                "errors": errors,
            },
            "asOf": profile.as_of.to_string(),
            "lang": match profile.lang { Lang::Ru => "ru", Lang::En => "en" },
            "positionEncoding": st.caps.encoding.name(),
            "diagnostics": if st.caps.pull { "pull" } else { "push" },
            "openDocuments": st.docs.len(),
            "checks": self.shared.checks.to_json(),
            "version": env!("CARGO_PKG_VERSION"),
        }))
    }

    /// A request that panics, to test that a failing handler does not take the server down.
    /// Registered only when the test hooks are switched on.
    pub async fn test_panic(&self) -> Result<()> {
        panic!("test hook: this handler always panics");
    }

    /// The current analysis of an open document, checking it now if needed.
    async fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        current_analysis(&self.shared, uri, Want::Newest).await
    }

    /// The document's text and profile without a check (completion needs no findings).
    async fn unchecked(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        ensure_catalog(&self.shared, Some(uri)).await;
        let mut st = self.shared.lock();
        if let Some(a) = st.docs.get(uri)?.current() {
            return Some(a);
        }
        st.snapshot(uri).map(|s| Arc::new(Analysis::unchecked(s)))
    }

    fn encoding(&self) -> super::position::Encoding {
        self.shared.lock().caps.encoding
    }
}

fn server_capabilities(caps: &ClientCaps) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(caps.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), " ".into()]),
            resolve_provider: Some(false),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL_KIND),
            ]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        diagnostic_provider: caps.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(SOURCE.into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}

fn file_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = ClientCaps::from_params(&params);
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| file_path(&f.uri))
            .or_else(|| {
                #[allow(deprecated)]
                params.root_uri.as_ref().and_then(file_path)
            });
        let capabilities = server_capabilities(&caps);
        {
            let mut st = self.shared.lock();
            st.caps = caps;
            st.root = root.clone();
            if let Some(options) = &params.initialization_options {
                for p in st.settings.merge(options, root.as_deref()) {
                    self.shared
                        .out
                        .show(MessageType::WARNING, format!("macrolint settings: {p}"));
                }
            }
        }
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "macrolint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let mut st = self.shared.lock();
        self.shared.register_watchers(&st);
        self.shared.pull_settings(&mut st);
        self.shared.out.log(
            MessageType::INFO,
            format!(
                "macrolint {} ready ({} positions, {} diagnostics)",
                env!("CARGO_PKG_VERSION"),
                st.caps.encoding.name(),
                if st.caps.pull { "pulled" } else { "pushed" }
            ),
        );
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let mut st = self.shared.lock();
        let g = st.generation();
        let format = format_for(&d.language_id, &d.uri);
        st.docs.insert(
            d.uri.clone(),
            OpenDocument::new(&d.text, d.version, format, g),
        );
        // A document just opened is checked at once; edits wait for the typing to pause.
        self.shared.schedule(&st, &d.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let mut st = self.shared.lock();
        let enc = st.caps.encoding;
        let g = st.generation();
        let Some(doc) = st.docs.get_mut(&uri) else {
            self.shared.out.log(
                MessageType::WARNING,
                format!("didChange for {}, which is not open: ignored", uri.as_str()),
            );
            return;
        };
        doc.apply(params.content_changes, enc);
        doc.version = params.text_document.version;
        doc.touch(g);
        self.shared.schedule(&st, &uri, st.settings.debounce);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let Some(path) = file_path(&params.text_document.uri) else {
            return;
        };
        let mut st = self.shared.lock();
        let feeds_checks =
            path.file_name().is_some_and(|n| n == CONFIG_FILE) || st.catalogs.is_known(&path);
        if feeds_checks {
            self.shared.files_changed(&mut st, vec![path]);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let mut st = self.shared.lock();
        st.last_configs.remove(&uri);
        if st.docs.remove(&uri).is_some() && !st.caps.pull {
            self.shared
                .out
                .publish(PublishDiagnosticsParams::new(uri, Vec::new(), None));
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let mut st = self.shared.lock();
        let has_settings = match &params.settings {
            Value::Object(m) => !m.is_empty(),
            Value::Null => false,
            _ => true,
        };
        if has_settings {
            // Newer than any `workspace/configuration` answer still on its way.
            st.settings_seq += 1;
            self.shared.apply_settings(&mut st, &params.settings);
        } else if st.caps.configuration {
            self.shared.pull_settings(&mut st);
        } else {
            self.shared.recheck_all(&mut st);
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths = params
            .changes
            .iter()
            .filter_map(|c| file_path(&c.uri))
            .collect();
        let mut st = self.shared.lock();
        self.shared.files_changed(&mut st, paths);
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let full = |items: Vec<Diagnostic>, result_id: Option<String>| {
            DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id,
                        items,
                    },
                },
            ))
        };
        // A broken catalog or config reports on itself.
        if let Some(path) = file_path(&uri) {
            let st = self.shared.lock();
            let errors = st
                .catalogs
                .errors(&path)
                .or_else(|| st.broken_configs.get(&path));
            if let Some(errors) = errors {
                let text = st.file_text(&path);
                return Ok(full(
                    diagnostics::file_errors(errors, &path, &text, st.caps.encoding),
                    None,
                ));
            }
        }
        let Some(a) = self.analysis(&uri).await else {
            return Ok(full(Vec::new(), None));
        };
        let result_id = a.generation.to_string();
        if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                }),
            ));
        }
        let enc = self.encoding();
        Ok(full(diagnostics::diagnostics(&a, enc), Some(result_id)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some(a) = self.analysis(&p.text_document.uri).await else {
            return Ok(None);
        };
        Ok(hover::hover(&a, p.position, self.encoding()))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let Some(a) = self.unchecked(&p.text_document.uri).await else {
            return Ok(None);
        };
        let caps = self.shared.lock().caps.clone();
        Ok(completion::complete(
            &a,
            p.position,
            params.context.as_ref(),
            &caps,
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(a) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        let caps = self.shared.lock().caps.clone();
        let actions = actions::code_actions(&a, &params, &caps);
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(a) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(links::inlay_hints(&a, params.range, self.encoding())))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let Some(a) = self.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(links::document_links(&a, self.encoding())))
    }
}

/// The push model's check of one document: waits `debounce`, checks the text as it is then,
/// and publishes only if no edit came in meanwhile (a newer check will publish instead). An
/// edit that comes in while it waits for the check in flight, or while it checks, ends it.
async fn push(shared: Arc<Shared>, uri: Uri, generation: u64, debounce: Duration) {
    if !debounce.is_zero() {
        tokio::time::sleep(debounce).await;
    }
    let still_current = shared
        .lock()
        .docs
        .get(&uri)
        .is_some_and(|d| d.generation == generation);
    if !still_current {
        return;
    }
    if let Some(a) = current_analysis(&shared, &uri, Want::Generation(generation)).await {
        let st = shared.lock();
        if st.is_current(&a) {
            st.publish(&a);
        }
    }
}
