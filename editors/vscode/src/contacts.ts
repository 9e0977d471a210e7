// "Insert contact...": the channels of the catalog in use, from `macrolint catalog --format json`
// (the server has no request listing them), filtered the way completion filters them.
// Pure (no `vscode` import) so the unit tests can run it under plain node.

export interface Text {
  ru?: string | null;
  en?: string | null;
}

export interface Channel {
  id: string;
  kind: string;
  name?: Text | null;
  value?: string | null;
  status: string;
  since?: string | null;
  replacement?: string[];
  audience?: string[];
  hours?: Text | null;
  note?: Text | null;
}

export interface CatalogJson {
  name: string;
  channels: Channel[];
}

/** What `macrolint/status` answers (src/lsp/server.rs). */
export interface Status {
  catalog: {
    origin: string;
    path: string | null;
    name: string;
    hash: string;
    channels: number;
    errors: string | null;
  };
  asOf: string;
  lang: "ru" | "en";
  positionEncoding: string;
  diagnostics: string;
  openDocuments: number;
  version: string;
}

export interface ContactItem {
  label: string;
  description: string;
  detail: string;
  /** What is inserted. */
  insert: string;
  id: string;
}

export function pick(t: Text | null | undefined, lang: "ru" | "en"): string {
  if (!t) {
    return "";
  }
  const first = lang === "ru" ? t.ru : t.en;
  const second = lang === "ru" ? t.en : t.ru;
  return first ?? second ?? "";
}

/** The status a channel has on `asOf` (a change dated later has not happened yet). */
export function statusOn(c: Channel, asOf: string): string {
  if (c.since && c.since > asOf && c.status !== "active") {
    return "active";
  }
  return c.status;
}

export function isOutdated(c: Channel, asOf: string): boolean {
  const s = statusOn(c, asOf);
  return s === "removed" || s === "unavailable";
}

/** The channels one can insert: those with a canonical text that still work on `asOf`. */
export function contactItems(catalog: CatalogJson, asOf: string, lang: "ru" | "en", style: "literal" | "placeholder" = "literal"): ContactItem[] {
  return catalog.channels
    .filter((c) => typeof c.value === "string" && c.value !== "" && !isOutdated(c, asOf))
    .map((c) => {
      const name = pick(c.name, lang);
      const details = [name, pick(c.hours, lang)].filter((s) => s !== "");
      const audience = (c.audience ?? []).join(", ");
      return {
        label: c.value as string,
        description: audience ? `${c.id} · ${audience}` : c.id,
        detail: details.join(" — "),
        insert: style === "placeholder" ? `{{contact.${c.id}}}` : (c.value as string),
        id: c.id,
      };
    });
}

/** The status bar text: the catalog and its number of channels. */
export function statusText(s: Status): string {
  const warn = s.catalog.errors ? "$(warning) " : "";
  return `${warn}$(checklist) ${s.catalog.name} · ${s.catalog.channels} channels`;
}

export function statusTooltip(s: Status): string {
  const lines = [
    `macrolint ${s.version}`,
    `Catalog: ${s.catalog.name} (${s.catalog.origin}${s.catalog.path ? `: ${s.catalog.path}` : ""}), ${s.catalog.channels} channels, hash ${s.catalog.hash}`,
    `As of: ${s.asOf} · messages: ${s.lang} · positions: ${s.positionEncoding}`,
  ];
  if (s.catalog.errors) {
    lines.push(`The catalog does not load:\n${s.catalog.errors}`);
  }
  return lines.join("\n");
}

/** The arguments of `macrolint catalog` for the catalog in `status`. */
export function catalogArgs(s: Status): string[] {
  const args = ["catalog", "--format", "json", "--lang", s.lang];
  if (s.catalog.path) {
    args.push("--catalog", s.catalog.path);
  }
  return args;
}
