//! `macrolint lsp`: the language server, a thin shell over the same `check()` the CLI runs.
//!
//! It speaks LSP 3.17 over stdio through tower-lsp-server, with its own transport in front
//! (see [`transport`]) so that garbage on the wire, a panicking handler or a burst of edits can
//! neither end the session nor reorder edits.
//!
//! - [`framing`] reads `Content-Length` frames and resynchronises after bad input;
//! - [`transport`] feeds the service in order and writes through [`outbox`];
//! - [`server`] holds the state (documents on ropes, settings, catalogs) and the handlers;
//! - [`position`] converts between byte offsets and UTF-8 / UTF-16 positions;
//! - [`analysis`] and [`diagnostics`] check documents and turn findings into diagnostics;
//! - [`completion`], [`hover`], [`actions`] and [`links`] are the editor features.

pub mod actions;
pub mod analysis;
pub mod caps;
pub mod catalogs;
pub mod completion;
pub mod diagnostics;
pub mod document;
pub mod framing;
pub mod hover;
pub mod links;
pub mod outbox;
pub mod position;
pub mod server;
pub mod settings;
pub mod transport;

/// The custom request that reports the catalog in use.
pub const STATUS_METHOD: &str = "macrolint/status";
/// A request that panics, served only when [`TEST_HOOKS_ENV`] is set, so tests can check that
/// a failing handler leaves the server running.
pub const TEST_PANIC_METHOD: &str = "macrolint/test/panic";
/// The environment variable that switches the test hooks on.
pub const TEST_HOOKS_ENV: &str = "MACROLINT_LSP_TEST_HOOKS";

/// Serves one client on stdin/stdout and returns the exit code: 0 after `shutdown` + `exit`,
/// 1 when `exit` came without `shutdown` or the input ended first.
pub fn run() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("lsp-worker")
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("macrolint lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    // Parse the embedded catalog and build the recognisers' lazy tables while the client is
    // still starting, so the first diagnostics do not wait for them.
    std::thread::spawn(|| {
        let catalog = crate::Catalog::default_catalog();
        catalog.warm_up();
        let sample = "Звоните +7 495 232-10-00, пишите help@ozon.ru, vk.com/ozon.";
        let doc = crate::Document::new(sample, crate::Format::Plain);
        let today = jiff::ZonedDateTime::now().date();
        let _ = crate::check(&doc, &crate::Context::new(&catalog, today));
    });
    let hooks = std::env::var_os(TEST_HOOKS_ENV).is_some_and(|v| !v.is_empty());
    runtime.block_on(transport::serve(std::io::stdin(), std::io::stdout(), hooks))
}
