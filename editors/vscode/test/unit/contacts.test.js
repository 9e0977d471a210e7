// "Insert contact...": the items from `macrolint catalog --format json`, and the status bar text.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const { contactItems, isOutdated, statusText, catalogArgs } = require("../../out/contacts.js");

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const bin = process.env.MACROLINT_BIN || path.join(repo, "target", "release", "macrolint");

const status = {
  catalog: { origin: "default", path: null, name: "Ozon (default)", hash: "abc", channels: 25, errors: null },
  asOf: "2024-06-01",
  lang: "en",
  positionEncoding: "utf-16",
  diagnostics: "push",
  openDocuments: 1,
  version: "0.1.0",
};

test("items: channels with a value that still work on the as-of date", () => {
  const catalog = {
    name: "T",
    channels: [
      { id: "phone.a", kind: "phone", value: "+1 202-555-0173", status: "active", name: { en: "Main line" }, audience: ["buyer"] },
      { id: "phone.gone", kind: "phone", value: "+1 202-555-0100", status: "removed", since: "2024-01-01" },
      { id: "phone.later", kind: "phone", value: "+1 202-555-0111", status: "removed", since: "2025-01-01" },
      { id: "chat.x", kind: "chat", value: null, status: "active" },
    ],
  };
  const items = contactItems(catalog, "2024-06-01", "en");
  assert.deepEqual(items.map((i) => i.id), ["phone.a", "phone.later"]);
  assert.equal(items[0].insert, "+1 202-555-0173");
  assert.equal(items[0].description, "phone.a · buyer");
  assert.equal(items[0].detail, "Main line");
  assert.equal(contactItems(catalog, "2024-06-01", "en", "placeholder")[0].insert, "{{contact.phone.a}}");
});

test("the status bar names the catalog and counts its channels", () => {
  assert.equal(statusText(status), "$(checklist) Ozon (default) · 25 channels");
  assert.match(statusText({ ...status, catalog: { ...status.catalog, errors: "bad" } }), /^\$\(warning\)/);
  assert.deepEqual(catalogArgs(status), ["catalog", "--format", "json", "--lang", "en"]);
  assert.deepEqual(catalogArgs({ ...status, catalog: { ...status.catalog, path: "/ws/c.toml" } }).slice(-2), ["--catalog", "/ws/c.toml"]);
});

test("against the real `macrolint catalog --format json`", { skip: !fs.existsSync(bin) && `no binary at ${bin}` }, () => {
  const catalog = JSON.parse(execFileSync(bin, catalogArgs(status), { encoding: "utf8" }));
  const items = contactItems(catalog, status.asOf, "en");
  assert.ok(items.length > 5);
  const moscow = items.find((i) => i.id === "phone.moscow");
  assert.equal(moscow.insert, "+7 495 232-10-00");
  assert.ok(!items.some((i) => i.id === "phone.premium"), "the removed Premium line is not offered");
  for (const c of catalog.channels.filter((c) => isOutdated(c, status.asOf))) {
    assert.ok(!items.some((i) => i.id === c.id), c.id);
  }
  const team = JSON.parse(
    execFileSync(bin, catalogArgs({ ...status, catalog: { ...status.catalog, path: path.join(repo, "fixtures", "lsp", "catalog.toml") } }), { encoding: "utf8" }),
  );
  assert.ok(contactItems(team, status.asOf, "en").some((i) => i.insert === "+7 495 111-22-33"));
});
