// A small stand-in for the `vscode` module (and `vscode-languageclient/node`), enough to load
// out/extension.js under plain node and watch what it does.
"use strict";
const Module = require("module");
const path = require("path");

const calls = { commands: new Map(), errors: [], warnings: [], infos: [], executed: [], clients: [], output: [] };
let config = {};
let configInspect = {};
let errorChoice;

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri("file", p);
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
}

class Disposable {
  dispose() {}
}

const event = () => () => new Disposable();

const vscode = {
  Uri,
  Range: class {
    constructor(a, b, c, d) {
      Object.assign(this, { a, b, c, d });
    }
  },
  StatusBarAlignment: { Left: 1, Right: 2 },
  CodeActionKind: {
    Source: {
      value: "source",
      append(s) {
        const v = `${this.value}.${s}`;
        return { value: v, append: this.append, contains: (k) => k.value === v || k.value.startsWith(v + ".") };
      },
    },
  },
  window: {
    createOutputChannel: () => ({ appendLine: (l) => calls.output.push(l), show() {}, dispose() {} }),
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {}, text: "", tooltip: "" }),
    showErrorMessage: async (msg, ...items) => {
      calls.errors.push({ msg, items });
      return errorChoice;
    },
    showWarningMessage: async (msg) => {
      calls.warnings.push(msg);
    },
    showInformationMessage: async (msg) => {
      calls.infos.push(msg);
    },
    onDidChangeActiveTextEditor: event(),
    activeTextEditor: undefined,
  },
  commands: {
    registerCommand: (id, fn) => {
      calls.commands.set(id, fn);
      return new Disposable();
    },
    executeCommand: async (...args) => {
      calls.executed.push(args);
    },
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: () => ({
      get: (k) => config[k],
      inspect: (k) => configInspect[k] ?? { globalValue: config[k] },
    }),
    findFiles: async () => [],
    onDidSaveTextDocument: event(),
    onDidChangeConfiguration: event(),
    onDidGrantWorkspaceTrust: event(),
    createFileSystemWatcher: () => ({ onDidCreate: event(), onDidDelete: event(), dispose() {} }),
  },
};

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, state: 1 });
    calls.clients.push(this);
  }
  onDidChangeState() {
    return new Disposable();
  }
  async start() {
    this.state = 2;
  }
  async stop() {
    this.state = 1;
  }
}

const languageclient = { LanguageClient, State: { Stopped: 1, Running: 2, Starting: 3 } };

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "vscode" || request === "vscode-languageclient/node") {
    return request;
  }
  return resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: vscode };
require.cache["vscode-languageclient/node"] = { id: "lc", filename: "lc", loaded: true, exports: languageclient };

module.exports = {
  vscode,
  calls,
  setConfig(c, inspect = {}) {
    config = c;
    configInspect = inspect;
  },
  setErrorChoice(c) {
    errorChoice = c;
  },
  reset() {
    calls.commands.clear();
    for (const k of ["errors", "warnings", "infos", "executed", "clients", "output"]) calls[k].length = 0;
  },
};
