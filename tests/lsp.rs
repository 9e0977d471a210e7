//! `macrolint lsp` end to end: the real binary over stdio, driven by a small JSON-RPC client
//! (`tests/lsp/harness.rs`). Expectations are computed from the text and the catalog, not
//! copied from the server's output.

#[path = "lsp/harness.rs"]
mod harness;

use harness::{Server, apply_edits, end_position, file_uri, frame, span};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use macrolint::{Catalog, Lang, Rule};

const CRLF_EMOJI: &str = "Здравствуйте!\r\n👍🏽 Звоните 8 (800)234−70−70 — ответим.\r\nДо связи.";
const NUMBER: &str = "8 (800)234−70−70";

fn caps(encodings: &[&str]) -> Value {
    json!({"general": {"positionEncodings": encodings}})
}

fn fast() -> Value {
    json!({"debounceMs": 0})
}

fn diag_with<'a>(diags: &'a [Value], code: &str) -> Option<&'a Value> {
    diags.iter().find(|d| d["code"] == json!(code))
}

fn codes(diags: &[Value]) -> BTreeSet<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn range_of(line: u64, start: u64, end: u64) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

fn full_change(s: &mut Server, uri: &str, version: i64, text: &str) {
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// Whether a message is written in Russian: its first letter is Cyrillic (an English message
/// may still quote a Russian menu path).
fn in_russian(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё'))
}

#[test]
fn initialize_negotiates_the_encoding_and_advertises_every_feature() {
    for (offered, expected) in [
        (vec!["utf-16", "utf-8"], "utf-8"),
        (vec!["utf-16"], "utf-16"),
        (vec!["utf-32"], "utf-16"),
    ] {
        let (s, result) = Server::initialized(caps(&offered), fast());
        let c = &result["capabilities"];
        assert_eq!(
            c["positionEncoding"],
            json!(expected),
            "offered {offered:?}"
        );
        assert_eq!(
            c["textDocumentSync"]["change"],
            json!(2),
            "incremental sync"
        );
        assert_eq!(c["textDocumentSync"]["openClose"], json!(true));
        let triggers = c["completionProvider"]["triggerCharacters"]
            .as_array()
            .unwrap();
        assert!(triggers.contains(&json!(".")) && triggers.contains(&json!(" ")));
        assert_eq!(c["hoverProvider"], json!(true));
        let kinds = c["codeActionProvider"]["codeActionKinds"]
            .as_array()
            .unwrap();
        assert!(kinds.contains(&json!("quickfix")));
        assert!(kinds.contains(&json!("source.fixAll.macrolint")));
        assert_eq!(c["inlayHintProvider"], json!(true));
        assert!(c["documentLinkProvider"].is_object());
        assert!(
            c.get("diagnosticProvider").is_none(),
            "a push client is not offered pull diagnostics"
        );
        assert_eq!(result["serverInfo"]["name"], json!("macrolint"));
        assert!(s.shutdown_and_exit().success());
    }
}

#[test]
fn diagnostics_on_open_have_exact_ranges_in_both_encodings() {
    for enc in ["utf-8", "utf-16"] {
        let (mut s, _) = Server::initialized(caps(&[enc]), fast());
        let uri = "file:///tmp/macrolint-lsp-test/emoji.txt";
        s.open(uri, "plaintext", CRLF_EMOJI);
        let diags = s.diagnostics_at(uri, 1);
        let (line, start, end) = span(CRLF_EMOJI, NUMBER, enc);
        assert_eq!(line, 1, "the number is on the second line");
        let format = diag_with(&diags, Rule::ContactFormat.id()).expect("contact-format");
        assert_eq!(format["range"], range_of(line, start, end), "{enc}");
        for d in &diags {
            assert_eq!(d["source"], json!("macrolint"));
            assert!(d["code"].is_string());
            assert_eq!(
                d["range"], format["range"],
                "every finding is on the number"
            );
            assert!(
                in_russian(d["message"].as_str().unwrap()),
                "Russian by default"
            );
        }
        // The fix's edits replace only the minus signs, inside the finding's range.
        let fix = &format["data"]["fixes"][0];
        let edits = fix["edits"].as_array().unwrap();
        assert_eq!(edits.len(), 2, "{edits:?}");
        for e in edits {
            assert_eq!(e["range"]["start"]["line"], json!(line));
            assert!(e["range"]["start"]["character"].as_u64() >= Some(start));
            assert!(e["range"]["end"]["character"].as_u64() <= Some(end));
        }
        let fixed = apply_edits(CRLF_EMOJI, edits, enc);
        assert!(
            fixed.contains("\r\n👍🏽 Звоните 8 (800)234-70-70 — ответим.\r\n"),
            "{fixed}"
        );
        // Closing clears them.
        s.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        assert_eq!(s.diagnostics(uri)["diagnostics"], json!([]));
    }
}

#[test]
fn messages_follow_the_lang_setting_else_the_client_locale() {
    let mut s = Server::start();
    s.initialize(caps(&["utf-16"]), fast(), json!({"locale": "en-US"}));
    s.open("untitled:a", "plaintext", "Звоните 8 (800)234−70−70.");
    let diags = s.diagnostics_at("untitled:a", 1);
    assert!(
        diags
            .iter()
            .all(|d| !in_russian(d["message"].as_str().unwrap()))
    );
    let mut s = Server::start();
    s.initialize(
        caps(&["utf-16"]),
        json!({"debounceMs": 0, "lang": "ru"}),
        json!({"locale": "en-US"}),
    );
    s.open("untitled:a", "plaintext", "Звоните 8 (800)234−70−70.");
    let diags = s.diagnostics_at("untitled:a", 1);
    assert!(
        diags
            .iter()
            .all(|d| in_russian(d["message"].as_str().unwrap()))
    );
}

#[test]
fn incremental_edits_change_the_findings_and_removed_channels_are_deprecated() {
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), fast());
    let uri = "untitled:edits";
    let text = "Звоните 8 (800)234−70−70.";
    s.open(uri, "plaintext", text);
    assert!(diag_with(&s.diagnostics_at(uri, 1), "contact-format").is_some());

    let (line, start, end) = span(text, NUMBER, "utf-16");
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": range_of(line, start, end), "text": "help@ozon.ru"}
        ]}),
    );
    assert_eq!(s.diagnostics_at(uri, 2), Vec::<Value>::new());

    let text = "Звоните help@ozon.ru.";
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": end_position(text, "utf-16"), "end": end_position(text, "utf-16")},
             "text": " Или {{contact.phone.premium}}."}
        ]}),
    );
    let diags = s.diagnostics_at(uri, 3);
    let removed = diag_with(&diags, "removed-channel").expect("removed-channel");
    assert_eq!(
        removed["tags"],
        json!([2]),
        "removed channels are tagged Deprecated"
    );
    let text = "Звоните help@ozon.ru. Или {{contact.phone.premium}}.";
    let (l, a, b) = span(text, "{{contact.phone.premium}}", "utf-16");
    assert_eq!(removed["range"], range_of(l, a, b));
}

#[test]
fn a_burst_of_fifty_edits_applies_in_order() {
    for enc in ["utf-16", "utf-8"] {
        let (mut s, _) = Server::initialized(caps(&[enc]), fast());
        let uri = "untitled:burst";
        let target: String =
            "👍🏽 Звоните 8 (800)234−70−70, пишите hlep@ozon.ru или vk.com/ozon!!!!!!"
                .chars()
                .take(50)
                .collect();
        assert_eq!(target.chars().count(), 50);
        s.open(uri, "plaintext", "");
        // Fifty one-character insertions at the end, each placed where the previous ones left
        // the end: any reordering garbles the text.
        let mut text = String::new();
        let mut burst = Vec::new();
        for (i, c) in target.chars().enumerate() {
            let end = end_position(&text, enc);
            let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": i + 2},
                "contentChanges": [{"range": {"start": end, "end": end}, "text": c.to_string()}]}});
            burst.extend(frame(&change.to_string()));
            text.push(c);
        }
        s.send_raw(&burst);
        let last = s.diagnostics_at(uri, 51);
        // The same text opened whole gives the same diagnostics.
        s.open("untitled:reference", "plaintext", &target);
        let reference = s.diagnostics_at("untitled:reference", 1);
        assert!(!reference.is_empty());
        assert_eq!(last, reference, "{enc}");
        // Every publication for the burst came in version order, none after the last.
        let later = s.collect(Duration::from_millis(200), &|m| {
            m["params"]["uri"] == json!(uri)
        });
        let mut versions: Vec<i64> = later
            .iter()
            .map(|m| m["params"]["version"].as_i64().unwrap())
            .collect();
        versions.push(51);
        assert!(
            versions.windows(2).all(|w| w[0] <= w[1]) && versions.iter().all(|v| *v <= 51),
            "{versions:?}"
        );
    }
}

#[test]
fn edits_are_debounced_into_one_check() {
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), json!({"debounceMs": 400}));
    let uri = "untitled:debounce";
    s.open(uri, "plaintext", "Звоните 8 (800)234−70−70.");
    // Opening is not debounced.
    assert!(!s.diagnostics_at(uri, 1).is_empty());
    let mut burst = Vec::new();
    for v in 2..=6 {
        let text = format!("Звоните 8 (800)234−70−70.{}", " ".repeat(v));
        burst.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}})
            .to_string(),
        ));
    }
    s.send_raw(&burst);
    s.diagnostics_at(uri, 6);
    let others = s.collect(Duration::from_millis(100), &|m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    assert!(
        others.is_empty(),
        "one check for the five edits: {others:?}"
    );
}

#[test]
fn pull_clients_pull_and_get_nothing_pushed() {
    let capabilities = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
        "workspace": {"diagnostics": {"refreshSupport": true}},
    });
    let (mut s, result) = Server::initialized(capabilities, fast());
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        json!("macrolint")
    );
    let uri = "untitled:pull";
    s.open(uri, "plaintext", CRLF_EMOJI);
    let report = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(report["kind"], json!("full"));
    let items = report["items"].as_array().unwrap();
    let (line, start, end) = span(CRLF_EMOJI, NUMBER, "utf-16");
    assert_eq!(
        diag_with(items, "contact-format").unwrap()["range"],
        range_of(line, start, end)
    );
    let again = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": report["resultId"]}),
    );
    assert_eq!(again["kind"], json!("unchanged"));
    // A settings change asks the client to pull again, and pulls see it.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rules": {"contact-format": "off"}}}),
    );
    s.answered("workspace/diagnostic/refresh");
    let report = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": report["resultId"]}),
    );
    assert_eq!(report["kind"], json!("full"));
    assert!(diag_with(report["items"].as_array().unwrap(), "contact-format").is_none());
    let pushed = s.collect(Duration::from_millis(300), &|m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    assert!(pushed.is_empty(), "never both: {pushed:?}");
}

fn completion_caps(snippets: bool) -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"completion": {"completionItem": {
            "snippetSupport": snippets, "tagSupport": {"valueSet": [1]}}}},
    })
}

fn complete(s: &mut Server, uri: &str, text: &str, trigger: Option<&str>) -> Vec<Value> {
    let context = match trigger {
        Some(c) => json!({"triggerKind": 2, "triggerCharacter": c}),
        None => json!({"triggerKind": 1}),
    };
    let result = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": end_position(text, "utf-16"), "context": context}),
    );
    match result {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        list => list["items"].as_array().unwrap().clone(),
    }
}

fn outdated(c: &macrolint::catalog::Channel) -> bool {
    // The tests run with no asOf: today decides, as in the server.
    c.status_on(jiff::ZonedDateTime::now().date()).is_outdated()
}

#[test]
fn completion_after_a_contact_placeholder_offers_catalog_ids() {
    let catalog = Catalog::default_catalog();
    for snippets in [false, true] {
        let (mut s, _) = Server::initialized(completion_caps(snippets), fast());
        let text = "Пишите {{contact.";
        s.open("untitled:c", "markdown", text);
        let items = complete(&mut s, "untitled:c", text, Some("."));
        let labels: BTreeSet<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
        let plain: BTreeSet<&str> = catalog
            .channels
            .iter()
            .filter(|c| !outdated(c))
            .map(|c| c.id.as_str())
            .collect();
        assert!(plain.is_subset(&labels), "{labels:?}");
        for item in &items {
            let c = catalog.channel(item["label"].as_str().unwrap()).unwrap();
            let new_text = item["textEdit"]["newText"].as_str().unwrap();
            if outdated(c) {
                assert_eq!(item["tags"], json!([1]), "{item}");
                // It inserts a working successor, named in the detail.
                let successor = new_text.trim_end_matches("$0").trim_end_matches("\\}\\}");
                let successor = successor.trim_end_matches("}}");
                assert!(
                    c.replacement.iter().any(|r| r.as_str() == successor),
                    "{item}"
                );
                assert!(item["detail"].as_str().unwrap().contains(successor));
            } else {
                assert!(item.get("tags").is_none());
                assert!(new_text.starts_with(c.id.as_str()));
            }
            assert!(
                item["documentation"]["value"]
                    .as_str()
                    .unwrap()
                    .contains(c.id.as_str())
            );
            assert_eq!(
                item["insertTextFormat"],
                json!(if snippets { 2 } else { 1 })
            );
            assert_eq!(new_text.ends_with("$0"), snippets);
        }
    }
}

#[test]
fn completion_after_an_asking_word_offers_literal_contacts_for_the_audience() {
    let catalog = Catalog::default_catalog();
    let (mut s, _) = Server::initialized(completion_caps(false), fast());
    let text = "---\naudience: [bank]\n---\nПозвоните по телефону ";
    s.open("untitled:t", "markdown", text);
    let items = complete(&mut s, "untitled:t", text, Some(" "));
    assert!(!items.is_empty());
    for item in &items {
        let new_text = item["textEdit"]["newText"].as_str().unwrap();
        let inserted = catalog
            .channels
            .iter()
            .find(|c| c.value.as_deref() == Some(new_text))
            .expect("every item inserts a catalog value");
        assert!(!outdated(inserted), "nothing outdated is inserted: {item}");
        if item.get("tags").is_none() {
            assert_eq!(item["label"].as_str(), Some(new_text));
        }
        assert!(item["detail"].is_string());
        assert!(item["documentation"]["kind"] == json!("markdown"));
    }
    // No channel without a value, and every outdated channel only as deprecated.
    for c in &catalog.channels {
        let shown: Vec<&Value> = items
            .iter()
            .filter(|i| {
                i["documentation"]["value"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("(`{}`)", c.id))
            })
            .collect();
        if outdated(c) {
            assert!(shown.iter().all(|i| i["tags"] == json!([1])), "{}", c.id);
        } else if c.value.is_none() {
            assert!(shown.is_empty(), "{} has no value", c.id);
        }
    }
    // The bank's channels come first for a bank template.
    let first = items
        .iter()
        .min_by_key(|i| i["sortText"].as_str().unwrap().to_string())
        .unwrap();
    let first = catalog
        .channels
        .iter()
        .find(|c| c.value.as_deref() == first["label"].as_str())
        .unwrap();
    assert!(first.audience.contains("bank"), "{}", first.id);

    // A space after an ordinary word offers nothing; an explicit request does.
    let text = "Здравствуйте ";
    s.open("untitled:plain", "plaintext", text);
    assert!(complete(&mut s, "untitled:plain", text, Some(" ")).is_empty());
    assert!(!complete(&mut s, "untitled:plain", text, None).is_empty());

    // The placeholder style inserts placeholders.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"completionStyle": "placeholder"}}),
    );
    let text = "Пишите на почту ";
    s.open("untitled:p", "plaintext", text);
    let items = complete(&mut s, "untitled:p", text, Some(" "));
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| {
        i["textEdit"]["newText"]
            .as_str()
            .unwrap()
            .starts_with("{{contact.")
    }));
}

fn hover(s: &mut Server, uri: &str, text: &str, needle: &str) -> Value {
    let (line, start, _) = span(text, needle, "utf-16");
    s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": start + 1}}),
    )
}

#[test]
fn hover_explains_contacts_placeholders_unknown_contacts_and_findings() {
    let catalog = Catalog::default_catalog();
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), json!({"debounceMs": 0, "lang": "en"}));
    let text = "Call +7 495 232-10-00 or 8 (800)234−70−70.\nWrite {{contact.email.help}}.\nOr +7 495 232-10-01, {{contact.phone.moscov}}.";
    let uri = "untitled:hover";
    s.open(uri, "plaintext", text);

    let moscow = catalog.channel("phone.moscow").unwrap();
    let h = hover(&mut s, uri, text, "+7 495 232-10-00");
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains(moscow.display_name(Lang::En)), "{value}");
    assert!(
        value.contains(
            moscow
                .hours
                .as_ref()
                .unwrap()
                .describe(Lang::En)
                .unwrap()
                .as_str()
        )
    );
    let (line, start, end) = span(text, "+7 495 232-10-00", "utf-16");
    assert_eq!(h["range"], range_of(line, start, end));

    let help = catalog.channel("email.help").unwrap();
    let value = hover(&mut s, uri, text, "{{contact.email.help}}")["contents"]["value"].clone();
    assert!(
        value
            .as_str()
            .unwrap()
            .contains(help.value.as_deref().unwrap())
    );

    // Unknown contacts and ids name the nearest known channel.
    let value = hover(&mut s, uri, text, "+7 495 232-10-01")["contents"]["value"].clone();
    assert!(
        value
            .as_str()
            .unwrap()
            .contains(moscow.value.as_deref().unwrap()),
        "{value}"
    );
    let value = hover(&mut s, uri, text, "{{contact.phone.moscov}}")["contents"]["value"].clone();
    assert!(value.as_str().unwrap().contains("phone.moscow"), "{value}");

    // A finding under the cursor brings its rule's explanation.
    let value = hover(&mut s, uri, text, NUMBER)["contents"]["value"].clone();
    let explain = Rule::ContactFormat.explain(Lang::En);
    assert!(value.as_str().unwrap().contains(explain), "{value}");

    // Nothing under the cursor: no hover.
    let h = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(h, Value::Null);
}

fn actions(
    s: &mut Server,
    uri: &str,
    range: Value,
    diagnostics: Vec<Value>,
    only: Option<&str>,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": diagnostics});
    if let Some(k) = only {
        context["only"] = json!([k]);
    }
    let result = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    assert!(
        action.get("command").is_none(),
        "a real workspace edit only"
    );
    let edit = &action["edit"];
    if let Some(changes) = edit.get("changes") {
        return changes[uri].as_array().unwrap().clone();
    }
    edit["documentChanges"][0]["edits"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn code_actions_quick_fix_and_fix_all() {
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), fast());
    let uri = "untitled:fix";
    let text =
        "Звоните 8 (800)234−70−70 или +7 495 232−10−00.\nПишите marketplace. crossborder@ozon.ru";
    s.open(uri, "plaintext", text);
    let diags = s.diagnostics_at(uri, 1);
    let format = diag_with(&diags, "contact-format").unwrap().clone();

    let found = actions(
        &mut s,
        uri,
        format["range"].clone(),
        vec![format.clone()],
        None,
    );
    let quick = found
        .iter()
        .find(|a| a["kind"] == json!("quickfix") && a["isPreferred"] == json!(true))
        .expect("a preferred quick fix");
    let fixed = apply_edits(text, &edits_of(quick, uri), "utf-16");
    assert!(fixed.starts_with("Звоните 8 (800)234-70-70 или"), "{fixed}");
    full_change(&mut s, uri, 2, &fixed);
    let after = s.diagnostics_at(uri, 2);
    let before_count = diags
        .iter()
        .filter(|d| d["code"] == "contact-format")
        .count();
    let after_count = after
        .iter()
        .filter(|d| d["code"] == "contact-format")
        .count();
    assert_eq!(after_count, before_count - 1);

    // A client that sends no diagnostics still gets the fixes under the cursor.
    let found = actions(
        &mut s,
        uri,
        after[0]["range"].clone(),
        vec![],
        Some("quickfix"),
    );
    assert!(!found.is_empty());

    let all = actions(
        &mut s,
        uri,
        range_of(0, 0, 0),
        vec![],
        Some("source.fixAll"),
    );
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["kind"], json!("source.fixAll.macrolint"));
    let fixed = apply_edits(&fixed, &edits_of(&all[0], uri), "utf-16");
    assert!(fixed.contains("marketplace.crossborder@ozon.ru"), "{fixed}");
    full_change(&mut s, uri, 3, &fixed);
    let after = s.diagnostics_at(uri, 3);
    assert!(diag_with(&after, "contact-format").is_none(), "{after:?}");
    // Nothing safe left: no fix-all action.
    assert!(
        actions(
            &mut s,
            uri,
            range_of(0, 0, 0),
            vec![],
            Some("source.fixAll")
        )
        .is_empty()
    );
}

#[test]
fn suppress_for_this_line_works_in_every_template_syntax() {
    let capabilities = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"workspaceEdit": {"documentChanges": true}},
    });
    let (mut s, _) = Server::initialized(capabilities, fast());
    for (language, syntax) in [
        ("markdown", "<!--"),
        ("plaintext", "<!--"),
        ("html", "<!--"),
        ("liquid", "{% comment %}"),
        ("handlebars", "{{!"),
    ] {
        let uri = format!("untitled:suppress-{language}");
        let text = "Первая строка.\r\n  Звоните 8 (800)234−70−70.\r\n";
        s.open(&uri, language, text);
        let diags = s.diagnostics_at(&uri, 1);
        let format = diag_with(&diags, "contact-format").unwrap().clone();
        let found = actions(
            &mut s,
            &uri,
            format["range"].clone(),
            vec![format.clone()],
            None,
        );
        let suppress = found
            .iter()
            .find(|a| {
                a["title"].as_str().unwrap().contains("contact-format")
                    && a["isPreferred"] == json!(false)
            })
            .expect("a suppress action");
        assert_eq!(
            suppress["edit"]["documentChanges"][0]["textDocument"]["version"],
            json!(1)
        );
        let edits = edits_of(suppress, &uri);
        let inserted = edits[0]["newText"].as_str().unwrap();
        assert!(
            inserted.starts_with(&format!("  {syntax}")),
            "{language}: {inserted}"
        );
        assert!(inserted.ends_with("\r\n"), "keeps the CRLF line ends");
        let suppressed = apply_edits(text, &edits, "utf-16");
        full_change(&mut s, &uri, 2, &suppressed);
        let after = s.diagnostics_at(&uri, 2);
        assert!(
            diag_with(&after, "contact-format").is_none(),
            "{language}: {after:?}"
        );
        assert!(!after.is_empty(), "{language}: only that rule is silenced");
    }
}

#[test]
fn inlay_hints_show_placeholder_values_and_links_cover_emails_and_urls() {
    let catalog = Catalog::default_catalog();
    let (mut s, _) = Server::initialized(caps(&["utf-8"]), fast());
    let uri = "untitled:links";
    let text = "👍🏽 Звоните {{contact.phone.moscow}} или пишите help@ozon.ru и vk.com/ozon";
    s.open(uri, "plaintext", text);
    let hints = s.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": range_of(0, 0, 999)}),
    );
    let hints = hints.as_array().unwrap();
    assert_eq!(hints.len(), 1);
    let (_, _, end) = span(text, "{{contact.phone.moscow}}", "utf-8");
    assert_eq!(hints[0]["position"], json!({"line": 0, "character": end}));
    let value = catalog
        .channel("phone.moscow")
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert!(hints[0]["label"].as_str().unwrap().contains(&value));

    let links = s.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri}}),
    );
    let links = links.as_array().unwrap();
    let target = |needle: &str| {
        let (l, a, b) = span(text, needle, "utf-8");
        links
            .iter()
            .find(|k| k["range"] == range_of(l, a, b))
            .map(|k| k["target"].as_str().unwrap().to_string())
    };
    assert_eq!(
        target("help@ozon.ru").as_deref(),
        Some("mailto:help@ozon.ru")
    );
    assert_eq!(
        target("vk.com/ozon").as_deref(),
        Some("https://vk.com/ozon")
    );
}

#[test]
fn configuration_changes_recheck_open_documents_without_blocking() {
    let capabilities = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"configuration": true},
    });
    let (mut s, _) = Server::initialized(capabilities, fast());
    let uri = "untitled:config";
    let text = "Звоните 8 800 234-70-70.";
    s.open(uri, "plaintext", text);
    let diags = s.diagnostics_at(uri, 1);
    assert!(codes(&diags).contains("hard-to-reach"));

    // Pushed settings: applied and every open document re-checked.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"macrolint": {"rules": {"hard-to-reach": "off"}, "lang": "en"}}}),
    );
    let diags = s.diagnostics_at(uri, 1);
    assert!(!codes(&diags).contains("hard-to-reach"));
    assert!(
        diags
            .iter()
            .all(|d| !in_russian(d["message"].as_str().unwrap()))
    );

    // Pulled settings: while the server waits for the client's answer, it keeps serving.
    s.hold.push("workspace/configuration");
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let asked = s.wait_for("workspace/configuration", |m| {
        m["method"] == "workspace/configuration"
    });
    assert_eq!(asked["params"]["items"][0]["section"], json!("macrolint"));
    // A burst of edits arriving together while the request is unanswered.
    let mut text = String::new();
    let mut burst = frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": ""}]}})
        .to_string(),
    );
    for (i, c) in "Звоните +7 495 232−10−00.".chars().enumerate() {
        let end = end_position(&text, "utf-16");
        burst.extend(frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": i + 3},
                "contentChanges": [{"range": {"start": end, "end": end}, "text": c.to_string()}]}})
            .to_string(),
        ));
        text.push(c);
    }
    s.send_raw(&burst);
    let last = text.chars().count() as i64 + 2;
    let diags = s.diagnostics_at(uri, last);
    let (line, start, end) = span(&text, "+7 495 232−10−00", "utf-16");
    assert_eq!(
        diag_with(&diags, "contact-format").unwrap()["range"],
        range_of(line, start, end)
    );
    let status = s.request("macrolint/status", json!({}));
    assert_eq!(status["catalog"]["origin"], json!("default"));
    s.reply(&asked, json!([{"rules": {"contact-format": "off"}}]));
    let diags = s.diagnostics_at(uri, last);
    assert!(!codes(&diags).contains("contact-format"), "{diags:?}");
}

#[test]
fn macrolint_toml_in_the_workspace_governs_checks_and_is_reread() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("macrolint.toml");
    std::fs::write(&config, "lang = \"en\"\n[rules]\nhard-to-reach = \"off\"\n").unwrap();
    let file = dir.path().join("reply.md");
    let text = "Звоните 8 (800)234−70−70.";
    std::fs::write(&file, text).unwrap();
    let mut s = Server::start();
    s.initialize(
        caps(&["utf-16"]),
        fast(),
        json!({"workspaceFolders": [{"uri": file_uri(dir.path()), "name": "ws"}]}),
    );
    let uri = file_uri(&file);
    s.open(&uri, "markdown", text);
    let diags = s.diagnostics_at(&uri, 1);
    assert!(!codes(&diags).contains("hard-to-reach"));
    assert!(
        diags
            .iter()
            .all(|d| !in_russian(d["message"].as_str().unwrap()))
    );

    std::fs::write(
        &config,
        "lang = \"ru\"\n[rules]\ncontact-format = \"off\"\n",
    )
    .unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let diags = s.diagnostics_at(&uri, 1);
    assert_eq!(codes(&diags), BTreeSet::from(["hard-to-reach".to_string()]));
    assert!(
        diags
            .iter()
            .all(|d| in_russian(d["message"].as_str().unwrap()))
    );

    // A broken config is reported on itself; its documents keep the last config that parsed.
    let broken = "lang = \"ru\"\n[rules]\ncontact-format = \"loud\"\n";
    std::fs::write(&config, broken).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let shown = s.wait_for("showMessage", |m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("macrolint.toml")
    );
    let on_file = s.diagnostics(&file_uri(&config));
    assert_eq!(
        on_file["diagnostics"][0]["range"]["start"]["line"],
        json!(2)
    );
    let diags = s.diagnostics_at(&uri, 1);
    assert_eq!(codes(&diags), BTreeSet::from(["hard-to-reach".to_string()]));
}

#[test]
fn a_workspace_config_cannot_name_a_catalog_outside_the_workspace() {
    let outside = tempfile::tempdir().unwrap();
    let catalog = outside.path().join("team.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lsp/catalog.toml"),
        &catalog,
    )
    .unwrap();
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir(ws.path().join(".git")).unwrap();
    std::fs::write(
        ws.path().join("macrolint.toml"),
        format!("catalog = {:?}\n", catalog.display().to_string()),
    )
    .unwrap();
    let mut s = Server::start();
    s.initialize(
        caps(&["utf-16"]),
        fast(),
        json!({"workspaceFolders": [{"uri": file_uri(ws.path()), "name": "ws"}]}),
    );
    let status = s.request("macrolint/status", json!({}));
    assert_eq!(status["catalog"]["origin"], json!("default"));
    let shown = s.wait_for("showMessage", |m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("outside the workspace")
    );
    // The user's own setting may point anywhere.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"catalog": catalog.display().to_string()}}),
    );
    let status = s.request("macrolint/status", json!({}));
    assert_eq!(
        status["catalog"]["path"],
        json!(catalog.display().to_string())
    );
    assert_ne!(status["catalog"]["origin"], json!("default"));
}

#[test]
fn status_reports_the_catalog_in_use() {
    let catalog = Catalog::default_catalog();
    let (mut s, _) = Server::initialized(caps(&["utf-8"]), fast());
    let status = s.request("macrolint/status", Value::Null);
    assert_eq!(status["catalog"]["origin"], json!("default"));
    assert_eq!(status["catalog"]["hash"], json!(catalog.hash));
    assert_eq!(status["catalog"]["channels"], json!(catalog.channels.len()));
    assert_eq!(status["positionEncoding"], json!("utf-8"));
    assert_eq!(status["diagnostics"], json!("push"));
}

#[test]
fn the_catalog_file_is_watched_reloaded_and_a_broken_one_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lsp/catalog.toml"),
    )
    .unwrap();
    std::fs::write(&path, &good).unwrap();
    let capabilities = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true, "relativePatternSupport": true}},
    });
    let (mut s, _) = Server::initialized(
        capabilities,
        json!({"debounceMs": 0, "catalog": path.display().to_string()}),
    );
    let registration = s.answered("client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        json!("workspace/didChangeWatchedFiles")
    );

    let uri = "untitled:team";
    let text = "Звоните +7 495 111-22-33.";
    s.open(uri, "plaintext", text);
    assert!(!codes(&s.diagnostics_at(uri, 1)).contains("unknown-contact"));
    let first = s.request("macrolint/status", json!({}));
    assert_eq!(first["catalog"]["path"], json!(path.display().to_string()));
    assert_eq!(
        first["catalog"]["channels"],
        json!(Catalog::default_catalog().channels.len() + 1)
    );

    // Edited on disk: reloaded, and the open document re-checked against it.
    let edited = good.replace("+7 495 111-22-33", "+7 495 111-22-44");
    std::fs::write(&path, &edited).unwrap();
    let changed = json!({"changes": [{"uri": file_uri(&path), "type": 2}]});
    s.notify("workspace/didChangeWatchedFiles", changed.clone());
    assert!(codes(&s.diagnostics_at(uri, 1)).contains("unknown-contact"));
    let second = s.request("macrolint/status", json!({}));
    assert_ne!(second["catalog"]["hash"], first["catalog"]["hash"]);

    // Broken: shown to the user and on the file itself; the last good catalog stays.
    let broken = format!(
        "{edited}\n[[channel]]\nid = \"phone.fax\"\nkind = \"fax\"\nstatus = \"active\"\nsource = [\"x\"]\n"
    );
    std::fs::write(&path, &broken).unwrap();
    s.notify("workspace/didChangeWatchedFiles", changed.clone());
    let shown = s.wait_for("showMessage", |m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], json!(1));
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("team.toml")
    );
    let on_file = s.diagnostics(&file_uri(&path));
    let d = &on_file["diagnostics"][0];
    let fax_line = broken.lines().position(|l| l.contains("\"fax\"")).unwrap();
    assert_eq!(d["range"]["start"]["line"], json!(fax_line));
    assert_eq!(d["severity"], json!(1));
    let third = s.request("macrolint/status", json!({}));
    assert_eq!(third["catalog"]["hash"], second["catalog"]["hash"]);
    assert!(third["catalog"]["errors"].is_string());
    assert!(codes(&s.diagnostics_at(uri, 1)).contains("unknown-contact"));

    // Repaired: the file's diagnostics are cleared.
    std::fs::write(&path, &good).unwrap();
    s.notify("workspace/didChangeWatchedFiles", changed);
    assert_eq!(s.diagnostics(&file_uri(&path))["diagnostics"], json!([]));
    assert!(!codes(&s.diagnostics_at(uri, 1)).contains("unknown-contact"));
}

#[test]
fn garbage_on_the_wire_is_answered_or_skipped_and_the_session_goes_on() {
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), fast());
    // Malformed JSON: a parse error with a null id.
    s.send_raw(&frame("{]"));
    let e = s.wait_for("a parse error", |m| m["error"]["code"] == json!(-32700));
    assert_eq!(e["id"], Value::Null);
    // Not JSON-RPC: an invalid-request error.
    s.send_raw(&frame("[]"));
    s.wait_for("an invalid request", |m| {
        m["error"]["code"] == json!(-32600)
    });
    // Stray bytes between frames, a bad header and a length that runs past the body.
    s.send_raw(b"xx\r\nnoise");
    s.send_raw(b"Content-Length: abc\r\n\r\n");
    s.send_raw(b"Content-Length: 4096\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}\r\n");
    let status = s.request("macrolint/status", json!({}));
    assert_eq!(status["catalog"]["origin"], json!("default"));
    // Unknown `$/` requests get an answer too.
    let r = s.call("$/unknownRequest", json!({}));
    assert_eq!(r["error"]["code"], json!(-32601));
    assert!(s.alive());
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn out_of_range_positions_and_unknown_documents_are_harmless() {
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), fast());
    let uri = "untitled:range";
    let text = "Звоните 8 (800)234−70−70.";
    s.open(uri, "plaintext", text);
    s.diagnostics_at(uri, 1);
    let far = json!({"line": 999, "character": 99999});
    let far_range = json!({"start": far, "end": far});
    assert_eq!(
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": far})
        ),
        Value::Null
    );
    s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 99999}}),
    );
    s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": far_range, "context": {"diagnostics": []}}),
    );
    s.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": far_range}),
    );
    // An edit past the end is clamped to the end.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": far_range, "text": " help@ozon.ru"}]}),
    );
    let diags = s.diagnostics_at(uri, 2);
    assert!(diag_with(&diags, "contact-format").is_some());
    // Documents the server never saw.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "untitled:nope", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "untitled:nope"}}),
    );
    let h = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:nope"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(h, Value::Null);
    // Invalid params are an error answer, not a crash.
    let r = s.call("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], json!(-32602));
    assert!(s.alive());
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn a_panicking_handler_is_answered_and_the_server_keeps_serving() {
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), fast());
    let r = s.call("macrolint/test/panic", Value::Null);
    assert_eq!(r["error"]["code"], json!(-32603));
    s.wait_for("the panic in the log", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap()
                .contains("panicked")
    });
    let uri = "untitled:after";
    s.open(uri, "plaintext", "Звоните 8 (800)234−70−70.");
    assert!(!s.diagnostics_at(uri, 1).is_empty());
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn huge_documents_are_checked_off_the_async_threads() {
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), fast());
    let uri = "untitled:huge";
    let line =
        "Звоните 8 (800)234−70−70, пишите help@ozon.ru. Обычный текст шаблона без контактов.\n";
    let lines = 3 * macrolint::lsp::analysis::LARGE_DOCUMENT / line.len();
    let text = line.repeat(lines);
    s.open(uri, "plaintext", &text);
    // While the big check runs, small requests are still answered.
    s.request("macrolint/status", json!({}));
    let diags = s.diagnostics_at(uri, 1);
    let format = diags
        .iter()
        .filter(|d| d["code"] == "contact-format")
        .count();
    assert_eq!(format, lines);
    let last = diags
        .iter()
        .rfind(|d| d["code"] == "contact-format")
        .unwrap();
    let (_, a, b) = span(line, NUMBER, "utf-16");
    assert_eq!(last["range"], range_of(lines as u64 - 1, a, b));
}

#[test]
fn exit_code_is_zero_after_shutdown_and_one_without() {
    let (s, _) = Server::initialized(caps(&["utf-16"]), fast());
    assert_eq!(s.shutdown_and_exit().code(), Some(0));
    let (mut s, _) = Server::initialized(caps(&["utf-16"]), fast());
    s.notify("exit", Value::Null);
    assert_eq!(s.wait().code(), Some(1));
}

/// A helpdesk export opened as `json`: ranges point into the escaped string literal, in both
/// encodings, and the quick fix writes a correctly escaped string back.
#[test]
fn json_export_ranges_point_into_the_escaped_literal() {
    let text = "{\"macros\": [{\"id\": 7, \"title\": \"Покупатели::Звонок\", \"actions\": [\n  {\"field\": \"comment_value\", \"value\": \"👍 Звоните +7 495 232\\u221210\\u221200\\nили пишите\"}]}]}";
    let escaped = "+7 495 232\\u221210\\u221200";
    for encoding in ["utf-16", "utf-8"] {
        let (mut s, _) = Server::initialized(caps(&[encoding]), fast());
        let uri = "file:///ws/export.json";
        s.open(uri, "json", text);
        let diags = s.diagnostics(uri)["diagnostics"]
            .as_array()
            .unwrap()
            .clone();
        let d = diag_with(&diags, "contact-format").expect("contact-format on the escaped number");
        let (line, start, end) = span(text, escaped, encoding);
        assert_eq!(d["range"], range_of(line, start, end), "{encoding}");
        let actions = s.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}}),
        );
        let fix = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                a["title"]
                    .as_str()
                    .unwrap_or("")
                    .contains("+7 495 232-10-00")
            })
            .expect("a quick fix to the canonical form");
        let changes = fix["edit"]["changes"][uri]
            .as_array()
            .cloned()
            .or_else(|| {
                fix["edit"]["documentChanges"][0]["edits"]
                    .as_array()
                    .cloned()
            })
            .unwrap();
        let fixed = apply_edits(text, &changes, encoding);
        let v: Value = serde_json::from_str(&fixed).expect("still valid JSON");
        assert!(
            v["macros"][0]["actions"][0]["value"]
                .as_str()
                .unwrap()
                .contains("+7 495 232-10-00")
        );
        s.shutdown_and_exit();
    }
}
