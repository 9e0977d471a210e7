// Finding the server binary: bundled, else macrolint.server.path, else PATH; and what the
// extension shows when there is none.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const os = require("os");
const path = require("path");

const mock = require("./vscode-mock.js");
const { findServer, bundledPath } = require("../../out/server.js");

function tmp() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "macrolint-ext-"));
}

function exe(p, mode = 0o755) {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, "#!/bin/sh\nexit 0\n");
  fs.chmodSync(p, mode);
  return p;
}

test("the bundled binary comes first, and gets its mode back if the .vsix lost it", () => {
  const ext = tmp();
  const bin = exe(bundledPath(ext, "linux"), 0o644);
  const other = exe(path.join(tmp(), "macrolint"));
  const r = findServer({ extensionPath: ext, configured: other, env: { PATH: path.dirname(other) }, platform: "linux" });
  assert.equal(r.path, bin);
  assert.equal(r.source, "bundled");
  assert.equal(fs.statSync(bin).mode & 0o111, 0o111);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.notes.length, 1, "the unused setting is mentioned in the output");
});

test("then macrolint.server.path, with ~ expanded", () => {
  const home = tmp();
  const bin = exe(path.join(home, "bin", "macrolint"));
  const onPath = exe(path.join(tmp(), "macrolint"));
  const r = findServer({ extensionPath: tmp(), configured: "~/bin/macrolint", home, env: { PATH: path.dirname(onPath) }, platform: "linux" });
  assert.equal(r.path, bin);
  assert.equal(r.source, "setting");
  assert.deepEqual(r.warnings, []);
});

test("then macrolint on PATH; a setting that points nowhere is reported", () => {
  const dir = tmp();
  const bin = exe(path.join(dir, "macrolint"));
  exe(path.join(tmp(), "not-executable", "macrolint"), 0o644);
  const r = findServer({ extensionPath: tmp(), configured: "/nowhere/macrolint", env: { PATH: ["/nonexistent", dir].join(":") }, platform: "linux" });
  assert.equal(r.path, bin);
  assert.equal(r.source, "path");
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /\/nowhere\/macrolint/);
});

test("a file without the execute bit on PATH is skipped; nothing found lists what was tried", () => {
  const dir = tmp();
  exe(path.join(dir, "macrolint"), 0o644);
  const r = findServer({ extensionPath: "/ext", env: { PATH: dir }, platform: "linux" });
  assert.equal(r.path, undefined);
  assert.equal(r.tried.length, 2);
  assert.match(r.tried[0], /server\/macrolint \(bundled\)/);
});

test("the extension starts `<binary> lsp` with the settings as initializationOptions", async () => {
  mock.reset();
  const dir = tmp();
  const bin = exe(path.join(dir, "macrolint"));
  mock.setConfig({ "server.path": bin, catalog: "team.toml", rules: { "hard-to-reach": "off" }, include: ["**/replies/**"], lang: "en" });
  const extension = require("../../out/extension.js");
  await extension.activate({ extensionPath: tmp(), extensionUri: mock.vscode.Uri.file("/ext"), subscriptions: [] });
  assert.equal(mock.calls.clients.length, 1);
  const c = mock.calls.clients[0];
  assert.equal(c.serverOptions.command, bin);
  assert.deepEqual(c.serverOptions.args, ["lsp"]);
  assert.equal(c.clientOptions.initializationOptions.catalog, "team.toml");
  assert.deepEqual(c.clientOptions.initializationOptions.rules, { "hard-to-reach": "off" });
  assert.equal(c.clientOptions.initializationOptions.lang, "en");
  assert.ok(c.clientOptions.documentSelector.every((f) => f.pattern === "**/replies/**"));
  for (const id of ["macrolint.restartServer", "macrolint.showOutput", "macrolint.fixAll", "macrolint.insertContact"]) {
    assert.ok(mock.calls.commands.has(id), id);
  }
  // workspace/configuration answers carry only the server's keys.
  const answer = await c.clientOptions.middleware.workspace.configuration(
    { items: [{ section: "macrolint" }, { section: "other" }] },
    undefined,
    async () => [{ server: { path: bin }, include: [], catalog: "team.toml" }, { x: 1 }],
  );
  assert.deepEqual(Object.keys(answer[0]).sort(), ["asOf", "catalog", "completionStyle", "debounceMs", "defaultAudience", "lang", "rules"]);
  assert.deepEqual(answer[1], { x: 1 });
  await extension.deactivate();
});

test("no binary: an error notification with a \"How to install\" action that opens the README", async () => {
  mock.reset();
  mock.setErrorChoice("How to install");
  const savedPath = process.env.PATH;
  process.env.PATH = tmp();
  try {
    mock.setConfig({ "server.path": "" });
    const extension = require("../../out/extension.js");
    await extension.activate({ extensionPath: tmp(), extensionUri: mock.vscode.Uri.file("/ext"), subscriptions: [] });
    assert.equal(mock.calls.clients.length, 0);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(mock.calls.errors.length, 1);
    assert.match(mock.calls.errors[0].msg, /not found/);
    assert.deepEqual(mock.calls.errors[0].items, ["How to install", "Set macrolint.server.path"]);
    const preview = mock.calls.executed.find((a) => a[0] === "markdown.showPreview");
    assert.ok(preview, "the README is opened");
    assert.equal(preview[1].fsPath, path.join("/ext", "README.md"));
  } finally {
    process.env.PATH = savedPath;
    mock.setErrorChoice(undefined);
  }
});

test("a workspace value of macrolint.server.path is ignored (machine scope)", async () => {
  mock.reset();
  const bin = exe(path.join(tmp(), "macrolint"));
  const savedPath = process.env.PATH;
  process.env.PATH = tmp();
  try {
    // inspect() gives no user value: only a workspace one.
    mock.setConfig({ "server.path": bin }, { "server.path": { workspaceValue: bin } });
    const extension = require("../../out/extension.js");
    await extension.activate({ extensionPath: tmp(), extensionUri: mock.vscode.Uri.file("/ext"), subscriptions: [] });
    assert.equal(mock.calls.clients.length, 0, "the workspace's binary is not run");
    await extension.deactivate();
  } finally {
    process.env.PATH = savedPath;
  }
});
