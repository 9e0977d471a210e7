// Finding the `macrolint` binary: the one bundled into the extension, else the
// `macrolint.server.path` setting (machine scope), else `macrolint` on PATH.
// Pure (no `vscode` import) so the unit tests can run it under plain node.

import * as fs from "fs";
import * as path from "path";

export type ServerSource = "bundled" | "setting" | "path";

export interface FoundServer {
  path: string;
  source: ServerSource;
  /** Things the user should know (a setting that points nowhere), even though a server was found. */
  warnings: string[];
  /** Things worth a line in the output only (a setting the bundled binary makes unused). */
  notes: string[];
}

export interface NotFound {
  path: undefined;
  /** Everything that was tried, for the error message. */
  tried: string[];
  warnings: string[];
  notes: string[];
}

export interface DiscoveryInput {
  /** The extension's folder (`context.extensionPath`). */
  extensionPath: string;
  /** The `macrolint.server.path` setting (user or machine level only). */
  configured?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The home folder, for `~/` in the setting. */
  home?: string;
}

export function binaryName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "macrolint.exe" : "macrolint";
}

/** The path where `npm run package` puts the bundled binary. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(extensionPath, "server", binaryName(platform));
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Whether `p` is a file we may run; on Unix, a bundled file that lost its mode bits in the
 * .vsix is given them back when `fixMode` is set. */
export function isExecutable(p: string, platform: NodeJS.Platform = process.platform, fixMode = false): boolean {
  if (!isFile(p)) {
    return false;
  }
  if (platform === "win32") {
    return true;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    if (!fixMode) {
      return false;
    }
    try {
      fs.chmodSync(p, 0o755);
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
}

/** Looks `name` up on PATH (with PATHEXT on Windows). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const sep = platform === "win32" ? ";" : ":";
  const dirs = (env.PATH ?? env.Path ?? "").split(sep).filter((d) => d.length > 0);
  const exts = platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").concat([""]) : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      if (isExecutable(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function expandHome(p: string, home: string | undefined): string {
  if (home && (p === "~" || p.startsWith("~/") || p.startsWith("~\\"))) {
    return path.join(home, p.slice(1));
  }
  return p;
}

export function findServer(input: DiscoveryInput): FoundServer | NotFound {
  const platform = input.platform ?? process.platform;
  const env = input.env ?? process.env;
  const warnings: string[] = [];
  const notes: string[] = [];
  const tried: string[] = [];

  const bundled = bundledPath(input.extensionPath, platform);
  tried.push(`${bundled} (bundled)`);
  if (isExecutable(bundled, platform, true)) {
    const configured = (input.configured ?? "").trim();
    if (configured !== "") {
      notes.push(`macrolint.server.path (${configured}) is not used: this extension carries its own macrolint binary.`);
    }
    return { path: bundled, source: "bundled", warnings, notes };
  }

  const configured = (input.configured ?? "").trim();
  if (configured !== "") {
    const p = path.resolve(expandHome(configured, input.home ?? env.HOME ?? env.USERPROFILE));
    tried.push(`${p} (macrolint.server.path)`);
    if (isExecutable(p, platform)) {
      return { path: p, source: "setting", warnings, notes };
    }
    warnings.push(`macrolint.server.path points to ${p}, which is not an executable file.`);
  }

  const name = binaryName(platform).replace(/\.exe$/, "");
  tried.push(`${name} on PATH`);
  const found = onPath(name, env, platform);
  if (found) {
    return { path: found, source: "path", warnings, notes };
  }
  return { path: undefined, tried, warnings, notes };
}
