// The macrolint extension: starts `macrolint lsp`, mirrors the settings to it, and adds a status
// bar item and four commands (restart, output, fix all, insert contact).

import { execFile } from "child_process";
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, State } from "vscode-languageclient/node";

import { CatalogJson, Status, catalogArgs, contactItems, statusText, statusTooltip } from "./contacts";
import { findServer } from "./server";
import { configDirs, documentSelector, includeGlobs, serverSettings } from "./settings";

export const FIX_ALL_KIND = "source.fixAll.macrolint";
const STATUS_METHOD = "macrolint/status";

let client: LanguageClient | undefined;
let serverPath: string | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let extensionContext: vscode.ExtensionContext;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("macrolint");
}

function currentSettings() {
  const c = section();
  return serverSettings((key) => c.get(key));
}

/** The folders holding a `macrolint.toml` in the open workspace folders. */
async function findConfigDirs(): Promise<string[]> {
  if (!vscode.workspace.workspaceFolders?.length) {
    return [];
  }
  const files = await vscode.workspace.findFiles("**/macrolint.toml", "**/{node_modules,target,.git}/**", 200);
  return configDirs(files.filter((u) => u.scheme === "file").map((u) => u.fsPath));
}

async function showNotFound(tried: string[]): Promise<void> {
  output.appendLine(`macrolint: no language server binary found. Tried:\n  ${tried.join("\n  ")}`);
  const install = "How to install";
  const settings = "Set macrolint.server.path";
  const choice = await vscode.window.showErrorMessage(
    "macrolint: the `macrolint` binary was not found, so templates are not checked. Install it (`cargo install --path .` in the macrolint repository) or set macrolint.server.path.",
    install,
    settings,
  );
  if (choice === install) {
    const readme = vscode.Uri.joinPath(extensionContext.extensionUri, "README.md");
    await vscode.commands.executeCommand("markdown.showPreview", readme);
  } else if (choice === settings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "macrolint.server.path");
  }
}

async function startClient(): Promise<void> {
  const found = findServer({
    extensionPath: extensionContext.extensionPath,
    configured: section().inspect<string>("server.path")?.globalValue,
  });
  for (const n of found.notes) {
    output.appendLine(`macrolint: ${n}`);
  }
  for (const w of found.warnings) {
    output.appendLine(`macrolint: ${w}`);
    void vscode.window.showWarningMessage(`macrolint: ${w}`);
  }
  if (found.path === undefined) {
    serverPath = undefined;
    statusItem.text = "$(error) macrolint";
    statusItem.tooltip = "macrolint: the language server binary was not found";
    statusItem.show();
    void showNotFound(found.tried);
    return;
  }
  serverPath = found.path;
  output.appendLine(`macrolint: starting ${found.path} lsp (${found.source})`);

  const serverOptions: ServerOptions = {
    command: found.path,
    args: ["lsp"],
    options: { env: process.env },
  };
  const selector = documentSelector(
    includeGlobs((k) => section().get(k)),
    await findConfigDirs(),
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    initializationOptions: currentSettings(),
    outputChannel: output,
    middleware: {
      workspace: {
        // The server asks for the `macrolint` section; answer with the keys it knows only
        // (the client's own keys would be reported as unknown settings).
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return params.items.map((item, i) => (item.section === "macrolint" ? currentSettings() : result[i]));
        },
      },
    },
  };
  client = new LanguageClient("macrolint", "macrolint", serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      void updateStatus();
    } else if (e.newState === State.Stopped) {
      statusItem.text = "$(circle-slash) macrolint";
      statusItem.tooltip = "macrolint: the language server is stopped";
    }
  });
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`macrolint: the server did not start: ${e}`);
    void vscode.window.showErrorMessage(`macrolint: the language server (${found.path}) did not start: ${e}`, "Show output").then((c) => {
      if (c) {
        output.show(true);
      }
    });
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output.appendLine(`macrolint: stopping the server: ${e}`);
    }
  }
}

async function restart(): Promise<void> {
  await stopClient();
  await startClient();
}

async function status(doc?: vscode.TextDocument): Promise<Status | undefined> {
  if (!client || client.state !== State.Running) {
    return undefined;
  }
  const params = doc && doc.uri.scheme === "file" ? { textDocument: { uri: doc.uri.toString() } } : {};
  return client.sendRequest<Status>(STATUS_METHOD, params);
}

async function updateStatus(): Promise<void> {
  try {
    const s = await status(vscode.window.activeTextEditor?.document);
    if (!s) {
      return;
    }
    statusItem.text = statusText(s);
    statusItem.tooltip = statusTooltip(s);
    statusItem.show();
  } catch (e) {
    output.appendLine(`macrolint: ${STATUS_METHOD} failed: ${e}`);
  }
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      whole,
      FIX_ALL_KIND,
    )) ?? [];
  const kind = vscode.CodeActionKind.Source.append("fixAll").append("macrolint");
  const fix = actions.find((a): a is vscode.CodeAction => "kind" in a && a.kind !== undefined && kind.contains(a.kind));
  if (!fix?.edit) {
    void vscode.window.showInformationMessage("macrolint: nothing to fix automatically in this file.");
    return;
  }
  await vscode.workspace.applyEdit(fix.edit);
}

function runCatalog(args: string[], cwd: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(serverPath as string, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${path.basename(serverPath as string)} ${args.join(" ")}: ${stderr || err.message}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

async function insertContact(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  if (!serverPath) {
    void vscode.window.showErrorMessage("macrolint: the language server binary was not found.");
    return;
  }
  const s = await status(editor.document);
  if (!s) {
    void vscode.window.showErrorMessage("macrolint: the language server is not running.");
    return;
  }
  const cwd = vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let catalog: CatalogJson;
  try {
    catalog = JSON.parse(await runCatalog(catalogArgs(s), cwd)) as CatalogJson;
  } catch (e) {
    output.appendLine(`macrolint: ${e}`);
    void vscode.window.showErrorMessage(`macrolint: cannot list the catalog: ${e}`);
    return;
  }
  const style = currentSettings().completionStyle ?? "literal";
  const items = contactItems(catalog, s.asOf, s.lang, style);
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Insert contact — ${catalog.name}`,
    placeHolder: "A contact from the catalog (type to filter by number, address, id or name)",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!chosen) {
    return;
  }
  await editor.edit((b) => {
    for (const sel of editor.selections) {
      b.replace(sel, chosen.insert);
    }
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel("macrolint");
  statusItem = vscode.window.createStatusBarItem("macrolint.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "macrolint";
  statusItem.command = "macrolint.showOutput";
  statusItem.text = "$(sync~spin) macrolint";
  statusItem.show();
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand("macrolint.restartServer", restart),
    vscode.commands.registerCommand("macrolint.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("macrolint.fixAll", fixAll),
    vscode.commands.registerCommand("macrolint.insertContact", insertContact),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.fsPath.endsWith(".toml")) {
        setTimeout(() => void updateStatus(), 300);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration("macrolint")) {
        return;
      }
      if (e.affectsConfiguration("macrolint.server.path") || e.affectsConfiguration("macrolint.include")) {
        void restart();
        return;
      }
      if (client?.state === State.Running) {
        void client.sendNotification("workspace/didChangeConfiguration", { settings: currentSettings() }).then(() => setTimeout(() => void updateStatus(), 300));
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client?.state === State.Running) {
        void client.sendNotification("workspace/didChangeConfiguration", { settings: currentSettings() });
      }
    }),
  );
  // A new or removed macrolint.toml changes which files are checked.
  const watcher = vscode.workspace.createFileSystemWatcher("**/macrolint.toml", false, true, false);
  watcher.onDidCreate(() => void restart());
  watcher.onDidDelete(() => void restart());
  context.subscriptions.push(watcher);

  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
