// The settings the extension sends to `macrolint lsp`, and the documents it hands to it.
// Pure (no `vscode` import) so the unit tests can run it under plain node.

/** The languages whose files macrolint checks. */
export const LANGUAGES = ["markdown", "plaintext", "html", "json", "liquid", "handlebars"] as const;

/** The default of `macrolint.include`. */
export const DEFAULT_INCLUDE = ["**/{macros,templates,replies}/**"];

/** The keys of the `macrolint` section the server reads (src/lsp/settings.rs, `KEYS`). The
 * other keys of the section (`server.path`, `include`, `trace.server`) are the client's own. */
export const SERVER_KEYS = ["catalog", "asOf", "rules", "defaultAudience", "lang", "debounceMs", "completionStyle"] as const;

export type ServerKey = (typeof SERVER_KEYS)[number];

/** What the server accepts, exactly as `Settings::merge` reads it. `null` resets a value to
 * the server's default (so `macrolint.toml` decides again). */
export interface ServerSettings {
  catalog: string | null;
  asOf: string | null;
  rules: Record<string, "error" | "warning" | "info" | "off">;
  defaultAudience: string[] | null;
  lang: "ru" | "en" | null;
  debounceMs: number | null;
  completionStyle: "literal" | "placeholder" | null;
}

/** Reads one key of the `macrolint` section (`WorkspaceConfiguration.get`). */
export type Getter = (key: string) => unknown;

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

const LEVELS = new Set(["error", "warning", "info", "off"]);

/** The settings object for `initializationOptions`, `workspace/didChangeConfiguration` and
 * `workspace/configuration` answers. Empty settings become `null` (not `""` or `[]`): an empty
 * audience list would otherwise mean "no audience" and beat `default-audience` in macrolint.toml. */
export function serverSettings(get: Getter): ServerSettings {
  const rulesIn = get("rules");
  const rules: ServerSettings["rules"] = {};
  if (rulesIn && typeof rulesIn === "object" && !Array.isArray(rulesIn)) {
    for (const [id, level] of Object.entries(rulesIn as Record<string, unknown>)) {
      if (typeof level === "string" && LEVELS.has(level)) {
        rules[id] = level as ServerSettings["rules"][string];
      }
    }
  }
  const audienceIn = get("defaultAudience");
  let defaultAudience: string[] | null = null;
  if (Array.isArray(audienceIn)) {
    const list = audienceIn.filter((a): a is string => typeof a === "string" && a.trim() !== "").map((a) => a.trim());
    defaultAudience = list.length > 0 ? list : null;
  } else if (typeof audienceIn === "string" && audienceIn.trim() !== "") {
    defaultAudience = audienceIn.split(/[,\s]+/).filter((a) => a !== "");
  }
  const lang = text(get("lang"));
  const debounce = get("debounceMs");
  const style = text(get("completionStyle"));
  return {
    catalog: text(get("catalog")),
    asOf: text(get("asOf")),
    rules,
    defaultAudience,
    lang: lang === "ru" || lang === "en" ? lang : null,
    debounceMs: typeof debounce === "number" && Number.isFinite(debounce) && debounce >= 0 ? Math.floor(debounce) : null,
    completionStyle: style === "literal" || style === "placeholder" ? style : null,
  };
}

/** The client-side settings: which files, which binary. */
export function includeGlobs(get: Getter): string[] {
  const v = get("include");
  if (!Array.isArray(v)) {
    return DEFAULT_INCLUDE;
  }
  return v.filter((g): g is string => typeof g === "string" && g.trim() !== "").map((g) => g.trim());
}

export interface Filter {
  language: string;
  scheme?: string;
  pattern: string;
}

/** Escapes glob metacharacters in a literal folder path. */
export function escapeGlob(p: string): string {
  return p.replace(/\\/g, "/").replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}

/** The document selector: every language in the `include` globs, and every language under each
 * folder holding a `macrolint.toml` (`configDirs`, absolute paths). Globs are matched by VS Code
 * against the whole file path. Untitled documents are left alone: they have no path to match. */
export function documentSelector(include: string[], configDirs: string[]): Filter[] {
  const patterns = [...include];
  for (const dir of configDirs) {
    const base = escapeGlob(dir).replace(/\/+$/, "");
    patterns.push(`${base}/**`);
  }
  const seen = new Set<string>();
  const filters: Filter[] = [];
  for (const pattern of patterns) {
    if (seen.has(pattern)) {
      continue;
    }
    seen.add(pattern);
    for (const language of LANGUAGES) {
      filters.push({ language, scheme: "file", pattern });
    }
  }
  return filters;
}

/** The folders that hold a `macrolint.toml`, from the paths of those files, outermost only
 * (a nested one is covered by its parent's glob). */
export function configDirs(configFiles: string[]): string[] {
  const dirs = [...new Set(configFiles.map((f) => f.replace(/\\/g, "/").replace(/\/macrolint\.toml$/, "")))].sort();
  return dirs.filter((d, i) => !dirs.slice(0, i).some((outer) => d.startsWith(outer + "/")));
}
