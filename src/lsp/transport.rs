//! The loop between the client's byte stream and the [`LspService`].
//!
//! tower-lsp-server's `Server` stops at the first malformed frame and runs handlers four at a
//! time in whatever order they wake. This loop replaces it:
//!
//! - frames come from [`FrameReader`], which resynchronises after garbage; a body that is not
//!   JSON-RPC is answered with `-32700` / `-32600` and the session goes on;
//! - every message is handed to the service **in arrival order and polled once right away**,
//!   on this loop. Handlers change state before their first `.await`, so edits apply in the
//!   order they were sent; whatever is left of a handler after that first poll (a request to the
//!   client, a check) runs as its own task, so nothing can hold up the messages behind it and a
//!   handler waiting for the client cannot deadlock the loop that reads the client's answer;
//! - a panic in a handler is caught, logged and, for a request, answered with `-32603`;
//! - `exit` ends the loop with code 0 after `shutdown` and 1 without, as the spec asks;
//! - when the outbox is full (the client does not read), no more input is read until it has
//!   room again: responses are never dropped, and memory stays bounded.

use futures::{FutureExt, SinkExt, StreamExt};
use serde_json::Value;
use std::any::Any;
use std::io::{Read, Write};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_lsp_server::ls_types::MessageType;
use tower_lsp_server::{ExitedError, LspService};
use tower_service::Service;

use super::framing::{FrameReader, Inbound};
use super::outbox::Outbox;
use super::server::Backend;

/// What one frame's body turned out to be.
enum Parsed {
    Request(Request),
    Response(Response),
    /// Not JSON-RPC: answered with this error.
    Invalid(Response, String),
    /// Not worth an answer (a broken response or notification): only logged.
    Dropped(String),
}

fn parse(body: &[u8]) -> Parsed {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Parsed::Invalid(
                Response::from_error(Id::Null, Error::parse_error()),
                format!("a frame that is not JSON ({e})"),
            );
        }
    };
    let Value::Object(map) = &value else {
        return Parsed::Invalid(
            Response::from_error(Id::Null, Error::invalid_request()),
            "a frame that is not a JSON-RPC object".into(),
        );
    };
    let id = map
        .get("id")
        .and_then(|v| serde_json::from_value::<Id>(v.clone()).ok());
    if map.contains_key("method") {
        match serde_json::from_value::<Request>(value) {
            Ok(r) => Parsed::Request(r),
            Err(e) => match id {
                Some(id) => Parsed::Invalid(
                    Response::from_error(id, Error::invalid_request()),
                    format!("an invalid request ({e})"),
                ),
                None => Parsed::Dropped(format!("an invalid notification ({e})")),
            },
        }
    } else if map.contains_key("result") || map.contains_key("error") {
        match serde_json::from_value::<Response>(value) {
            Ok(r) => Parsed::Response(r),
            Err(e) => Parsed::Dropped(format!("an invalid response ({e})")),
        }
    } else {
        Parsed::Invalid(
            Response::from_error(id.unwrap_or(Id::Null), Error::invalid_request()),
            "a JSON-RPC object with neither a method nor a result".into(),
        )
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

type Outcome = Result<Result<Option<Response>, ExitedError>, Box<dyn Any + Send>>;

/// Writes what a handler produced.
fn finish(outcome: Outcome, id: Option<Id>, method: &str, outbox: &Outbox) {
    match outcome {
        Ok(Ok(Some(response))) => outbox.send(&response),
        Ok(Ok(None)) => {
            // The service drops requests for unknown `$/` methods; the spec wants an answer.
            if let Some(id) = id {
                let mut error = Error::method_not_found();
                error.data = Some(Value::String(method.to_string()));
                outbox.send(&Response::from_error(id, error));
            }
        }
        Ok(Err(_exited)) => {}
        Err(payload) => {
            outbox.log(
                MessageType::ERROR,
                format!(
                    "the handler for {method} panicked: {}; still serving",
                    panic_message(payload.as_ref())
                ),
            );
            if let Some(id) = id {
                let mut error = Error::internal_error();
                error.message = format!("macrolint: the {method} handler failed").into();
                outbox.send(&Response::from_error(id, error));
            }
        }
    }
}

/// Hands one request or notification to the service: polled once here, the rest in a task,
/// which holds `permit` until it is done (so the handlers in flight are bounded too).
fn dispatch(
    service: &mut LspService<Backend>,
    request: Request,
    outbox: &Outbox,
    permit: tokio::sync::OwnedSemaphorePermit,
) {
    let method = request.method().to_string();
    let id = request.id().cloned();
    let called = std::panic::catch_unwind(AssertUnwindSafe(|| service.call(request)));
    let future = match called {
        Ok(f) => f,
        Err(payload) => return finish(Err(payload), id, &method, outbox),
    };
    let mut future = AssertUnwindSafe(future).catch_unwind().boxed();
    match (&mut future).now_or_never() {
        Some(outcome) => finish(outcome, id, &method, outbox),
        None => {
            let outbox = outbox.clone();
            tokio::spawn(async move {
                let outcome = future.await;
                finish(outcome, id, &method, &outbox);
                drop(permit);
            });
        }
    }
}

/// Frames read ahead of the loop that handles them.
const READ_AHEAD: usize = 4;
/// Handlers that may still be running (waiting for a check, say) before no more input is
/// read: with the outbox's limit, what bounds the answers a client can have pending.
const MAX_HANDLERS: usize = 32;

/// Serves one client until `exit` or the end of the input; returns the process exit code.
pub async fn serve<R, W>(input: R, output: W, test_hooks: bool) -> i32
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let outbox = Outbox::spawn(output);
    let handlers = Arc::new(tokio::sync::Semaphore::new(MAX_HANDLERS));
    let shut_down = Arc::new(AtomicBool::new(false));
    let mut builder =
        LspService::build(|client| Backend::new(client, outbox.clone(), shut_down.clone()))
            .custom_method(super::STATUS_METHOD, Backend::status);
    if test_hooks {
        builder = builder.custom_method(super::TEST_PANIC_METHOD, Backend::test_panic);
    }
    let (mut service, socket) = builder.finish();
    let (mut to_client, mut client_responses) = socket.split();
    {
        let outbox = outbox.clone();
        tokio::spawn(async move {
            while let Some(request) = to_client.next().await {
                outbox.send(&request);
            }
        });
    }

    // A few frames read ahead at most: when this loop stops taking them (the outbox is full),
    // the reader stops reading, and a client that never reads its answers is slowed to the
    // pace it reads them at instead of filling memory.
    let (tx, mut rx) = tokio::sync::mpsc::channel(READ_AHEAD);
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            for inbound in FrameReader::new(input) {
                if tx.blocking_send(inbound).is_err() {
                    break;
                }
            }
        })
        .expect("spawn the reader thread");

    loop {
        // Back-pressure: no new input while the client has too much output left to read.
        outbox.room().await;
        let Some(inbound) = rx.recv().await else {
            break;
        };
        let body = match inbound {
            Inbound::Frame(body) => body,
            Inbound::Skipped { bytes, why } => {
                outbox.log(
                    MessageType::WARNING,
                    format!("skipped {bytes} bytes of input: {why}"),
                );
                continue;
            }
        };
        match parse(&body) {
            Parsed::Request(request) => {
                let exit = request.method() == "exit";
                if std::future::poll_fn(|cx| service.poll_ready(cx))
                    .await
                    .is_err()
                {
                    break;
                }
                let Ok(permit) = handlers.clone().acquire_owned().await else {
                    break;
                };
                dispatch(&mut service, request, &outbox, permit);
                if exit {
                    break;
                }
            }
            Parsed::Response(response) => {
                if client_responses.send(response).await.is_err() {
                    break;
                }
            }
            Parsed::Invalid(answer, why) => {
                outbox.log(
                    MessageType::WARNING,
                    format!("answered {why} with an error"),
                );
                outbox.send(&answer);
            }
            Parsed::Dropped(why) => outbox.log(MessageType::WARNING, format!("dropped {why}")),
        }
    }
    let code = if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    };
    outbox.flush();
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_bodies() {
        assert!(matches!(parse(b"{]"), Parsed::Invalid(..)));
        assert!(matches!(parse(b"[]"), Parsed::Invalid(..)));
        assert!(matches!(parse(br#"{"foo":1}"#), Parsed::Invalid(..)));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            Parsed::Request(_)
        ));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            Parsed::Response(_)
        ));
        assert!(matches!(
            parse(br#"{"jsonrpc":"1.0","method":"initialized"}"#),
            Parsed::Dropped(_)
        ));
        match parse(br#"{"jsonrpc":"1.0","id":7,"method":"hover"}"#) {
            Parsed::Invalid(r, _) => assert_eq!(r.into_parts().0, Id::Number(7)),
            _ => panic!("an invalid request with an id is answered"),
        }
    }
}
