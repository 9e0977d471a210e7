// The settings the extension sends match what the server reads (src/lsp/settings.rs), and
// package.json declares them, with descriptions, scopes and Restricted Mode rules.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");

const { serverSettings, SERVER_KEYS, documentSelector, configDirs, includeGlobs, DEFAULT_INCLUDE, LANGUAGES, escapeGlob } = require("../../out/settings.js");

const ext = path.resolve(__dirname, "..", "..");
const repo = path.resolve(ext, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
const props = pkg.contributes.configuration.properties;

function rustKeys() {
  const src = fs.readFileSync(path.join(repo, "src", "lsp", "settings.rs"), "utf8");
  const m = src.match(/const KEYS: &\[&str\] = &\[([^\]]*)\]/);
  assert.ok(m, "KEYS in src/lsp/settings.rs");
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
}

function ruleIds() {
  const src = fs.readFileSync(path.join(repo, "src", "rule.rs"), "utf8");
  return [...src.matchAll(/^\s*\w+ = "([a-z-]+)", \w+;$/gm)].map((x) => x[1]);
}

test("the keys sent are exactly the keys the server reads", () => {
  assert.deepEqual([...SERVER_KEYS].sort(), rustKeys().sort());
  const sent = serverSettings(() => undefined);
  assert.deepEqual(Object.keys(sent).sort(), rustKeys().sort());
});

test("every server setting is contributed with a description", () => {
  for (const key of rustKeys()) {
    const p = props[`macrolint.${key}`];
    assert.ok(p, `macrolint.${key} in package.json`);
    assert.ok((p.markdownDescription || p.description || "").length > 20, `macrolint.${key} has a description`);
  }
  for (const [name, p] of Object.entries(props)) {
    assert.ok(name.startsWith("macrolint."), name);
    assert.ok(p.markdownDescription || p.description, `${name} has a description`);
  }
});

test("macrolint.rules lists every rule id with the levels the server accepts", () => {
  const rules = props["macrolint.rules"];
  assert.deepEqual(Object.keys(rules.properties).sort(), ruleIds().sort());
  for (const level of Object.values(rules.properties)) {
    assert.deepEqual(level.enum, ["error", "warning", "info", "off"]);
  }
});

test("the binary is machine-scoped and the catalog is restricted in untrusted workspaces", () => {
  assert.equal(props["macrolint.server.path"].scope, "machine");
  const trust = pkg.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, "limited");
  assert.deepEqual(trust.restrictedConfigurations, ["macrolint.catalog"]);
});

test("activation: the six languages and workspaces with a macrolint.toml", () => {
  for (const l of ["markdown", "plaintext", "html", "json", "liquid", "handlebars"]) {
    assert.ok(pkg.activationEvents.includes(`onLanguage:${l}`), l);
  }
  assert.ok(pkg.activationEvents.includes("workspaceContains:**/macrolint.toml"));
  assert.deepEqual(props["macrolint.include"].default, DEFAULT_INCLUDE);
  assert.deepEqual(DEFAULT_INCLUDE, ["**/{macros,templates,replies}/**"]);
});

test("commands are declared and pinned versions are exact", () => {
  const ids = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(ids, ["macrolint.fixAll", "macrolint.insertContact", "macrolint.restartServer", "macrolint.showOutput"]);
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const [name, v] of Object.entries(deps)) {
      assert.match(v, /^\d+\.\d+\.\d+$/, `${name} is pinned exactly`);
    }
  }
  for (const key of ["icon", "license", "repository", "categories", "publisher", "engines"]) {
    assert.ok(pkg[key], key);
  }
  assert.ok(fs.existsSync(path.join(ext, pkg.icon)));
});

test("settings are mapped to the server's shapes, empty ones to null", () => {
  const defaults = {
    catalog: "",
    asOf: "",
    rules: {},
    defaultAudience: [],
    lang: "",
    debounceMs: 200,
    completionStyle: "literal",
  };
  assert.deepEqual(serverSettings((k) => defaults[k]), {
    catalog: null,
    asOf: null,
    rules: {},
    defaultAudience: null,
    lang: null,
    debounceMs: 200,
    completionStyle: "literal",
  });
  const set = {
    catalog: " ~/cat.toml ",
    asOf: "2024-05-01",
    rules: { "hard-to-reach": "off", "contact-format": "error", bogus: 3 },
    defaultAudience: ["seller", " premium ", ""],
    lang: "en",
    debounceMs: 0,
    completionStyle: "placeholder",
  };
  assert.deepEqual(serverSettings((k) => set[k]), {
    catalog: "~/cat.toml",
    asOf: "2024-05-01",
    rules: { "hard-to-reach": "off", "contact-format": "error" },
    defaultAudience: ["seller", "premium"],
    lang: "en",
    debounceMs: 0,
    completionStyle: "placeholder",
  });
  assert.equal(serverSettings((k) => ({ lang: "fr" })[k]).lang, null);
  assert.deepEqual(serverSettings((k) => ({ defaultAudience: "buyer, seller" })[k]).defaultAudience, ["buyer", "seller"]);
});

test("the document selector covers the include globs and config folders for every language", () => {
  assert.deepEqual(includeGlobs(() => undefined), DEFAULT_INCLUDE);
  assert.deepEqual(includeGlobs(() => ["a/**", "", 3]), ["a/**"]);
  const sel = documentSelector(["**/macros/**"], ["/ws/support"]);
  assert.equal(sel.length, 2 * LANGUAGES.length);
  for (const l of LANGUAGES) {
    assert.ok(sel.some((f) => f.language === l && f.pattern === "**/macros/**" && f.scheme === "file"));
    assert.ok(sel.some((f) => f.language === l && f.pattern === "/ws/support/**"));
  }
  assert.equal(escapeGlob("/ws/a[1]{x}"), "/ws/a[[]1[]][{]x[}]");
  assert.deepEqual(configDirs(["/ws/a/macrolint.toml", "/ws/a/b/macrolint.toml", "/ws/c/macrolint.toml"]), ["/ws/a", "/ws/c"]);
});
