//! Everything the server writes to the client goes through one writer thread, in the order it
//! was queued.
//!
//! Queuing is synchronous, so a handler can publish diagnostics while it holds the state lock:
//! a result for an older version can then never be written after a newer one. Logs go to stderr
//! and `window/logMessage`; stdout carries nothing but frames.

use serde::Serialize;
use std::fmt::Display;
use std::io::Write;
use std::sync::mpsc;
use tower_lsp_server::ls_types::notification::{LogMessage, Notification, ShowMessage};
use tower_lsp_server::ls_types::{LogMessageParams, MessageType, ShowMessageParams};

enum Out {
    Frame(String),
    /// Answered once every frame queued before it is written.
    Flush(mpsc::SyncSender<()>),
}

/// The queue to the writer thread.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::Sender<Out>,
}

impl Outbox {
    /// Starts the writer thread on `output`.
    pub fn spawn<W: Write + Send + 'static>(mut output: W) -> Self {
        let (tx, rx) = mpsc::channel::<Out>();
        std::thread::Builder::new()
            .name("lsp-writer".into())
            .spawn(move || {
                for out in rx {
                    match out {
                        Out::Frame(body) => {
                            let written = write!(output, "Content-Length: {}\r\n\r\n", body.len())
                                .and_then(|()| output.write_all(body.as_bytes()))
                                .and_then(|()| output.flush());
                            if let Err(e) = written {
                                eprintln!("macrolint lsp: cannot write to the client: {e}");
                                return;
                            }
                        }
                        Out::Flush(done) => {
                            let _ = output.flush();
                            let _ = done.send(());
                        }
                    }
                }
            })
            .expect("spawn the writer thread");
        Self { tx }
    }

    /// Queues one JSON-RPC message.
    pub fn send(&self, message: &impl Serialize) {
        match serde_json::to_string(message) {
            Ok(body) => {
                let _ = self.tx.send(Out::Frame(body));
            }
            Err(e) => eprintln!("macrolint lsp: cannot serialise a message: {e}"),
        }
    }

    pub fn notify<N: Notification>(&self, params: N::Params) {
        self.send(&serde_json::json!({
            "jsonrpc": "2.0",
            "method": N::METHOD,
            "params": params,
        }));
    }

    /// A line for whoever reads the logs: stderr and the client's log.
    pub fn log(&self, typ: MessageType, message: impl Display) {
        let message = message.to_string();
        eprintln!("macrolint lsp: {message}");
        self.notify::<LogMessage>(LogMessageParams { typ, message });
    }

    /// Something the user should see now (a broken catalog), also logged.
    pub fn show(&self, typ: MessageType, message: impl Display) {
        let message = message.to_string();
        self.log(typ, &message);
        self.notify::<ShowMessage>(ShowMessageParams { typ, message });
    }

    /// Waits until everything queued so far is written.
    pub fn flush(&self) {
        let (done, wait) = mpsc::sync_channel(1);
        if self.tx.send(Out::Flush(done)).is_ok() {
            let _ = wait.recv_timeout(std::time::Duration::from_secs(5));
        }
    }
}
