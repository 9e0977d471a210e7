// The catalog and macrolint.toml schemas (for Even Better TOML) accept the repository's own
// catalogs and configs, and reject unknown fields as the loader does. TOML is read by Python's
// tomllib; the validator below covers the JSON Schema keywords the schemas use. The catalog
// schema is generated from the loader's own types (`macrolint catalog schema`; a Rust test checks
// the committed file is up to date).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const ext = path.resolve(__dirname, "..", "..");
const repo = path.resolve(ext, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));

function toml(file) {
  const py = "import json,sys,tomllib;print(json.dumps(tomllib.load(open(sys.argv[1],'rb')),default=str))";
  return JSON.parse(execFileSync("python3", ["-c", py, file], { encoding: "utf8" }));
}

function validate(schema, value, root = schema, at = "$") {
  const errors = [];
  if (schema.$ref) {
    const target = schema.$ref.replace(/^#\//, "").split("/").reduce((o, k) => o[k], root);
    return validate(target, value, root, at);
  }
  if (schema.anyOf && !schema.anyOf.some((s) => validate(s, value, root, at).length === 0)) {
    errors.push(`${at}: matches none of anyOf`);
  }
  const type = Array.isArray(value) ? "array" : value === null ? "null" : Number.isInteger(value) ? "integer" : typeof value;
  // `type` may be one type or a list of them (an optional field: ["string", "null"]).
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length && !types.some((t) => t === type || (t === "number" && type === "integer"))) {
    return [`${at}: ${type}, expected ${types.join(" or ")}`];
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in ${schema.enum}`);
  if (schema.pattern && typeof value === "string" && !new RegExp(schema.pattern).test(value)) errors.push(`${at}: pattern`);
  if (type === "array" && schema.items) value.forEach((v, i) => errors.push(...validate(schema.items, v, root, `${at}[${i}]`)));
  if (type === "object") {
    for (const r of schema.required ?? []) if (!(r in value)) errors.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.propertyNames) errors.push(...validate(schema.propertyNames, k, root, `${at}.${k} (name)`));
      if (schema.properties && k in schema.properties) errors.push(...validate(schema.properties[k], v, root, `${at}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown field ${k}`);
      else if (typeof schema.additionalProperties === "object") errors.push(...validate(schema.additionalProperties, v, root, `${at}.${k}`));
    }
  }
  return errors;
}

const catalogSchema = JSON.parse(fs.readFileSync(path.join(ext, "schemas", "catalog.schema.json"), "utf8"));
const configSchema = JSON.parse(fs.readFileSync(path.join(ext, "schemas", "macrolint-config.schema.json"), "utf8"));

test("tomlValidation points at the schemas", () => {
  const urls = pkg.contributes.tomlValidation.map((v) => v.url);
  for (const u of urls) assert.ok(fs.existsSync(path.join(ext, u)), u);
  assert.ok(pkg.contributes.tomlValidation.some((v) => v.fileMatch.includes("macrolint.toml")));
});

test("every valid catalog of the repository matches the catalog schema", () => {
  const files = [
    "src/catalog/default.toml",
    "fixtures/catalogs/acme.toml",
    "fixtures/catalogs/extends-default.toml",
    "fixtures/lsp/catalog.toml",
  ];
  for (const f of files) {
    assert.deepEqual(validate(catalogSchema, toml(path.join(repo, f))), [], f);
  }
});

test("an unknown field in a catalog is an error, as in the loader", () => {
  const errors = validate(catalogSchema, toml(path.join(repo, "fixtures/catalogs/invalid/unknown-field.toml")));
  assert.ok(errors.some((e) => e.includes("unknown field colour")), errors.join("\n"));
});

test("every macrolint.toml of the repository matches the config schema", () => {
  const found = execFileSync("git", ["ls-files", "--", "*macrolint.toml"], { cwd: repo, encoding: "utf8" }).split("\n").filter(Boolean);
  assert.ok(found.length >= 1);
  for (const f of found) {
    assert.deepEqual(validate(configSchema, toml(path.join(repo, f))), [], f);
  }
  assert.ok(validate(configSchema, { colour: 1 }).length > 0);
  assert.ok(validate(configSchema, { rules: { "hard-to-reach": "loud" } }).length > 0);
});

test("editors/helix/languages.toml parses and runs `macrolint lsp`", () => {
  const helix = toml(path.join(repo, "editors", "helix", "languages.toml"));
  assert.equal(helix["language-server"].macrolint.command, "macrolint");
  assert.deepEqual(helix["language-server"].macrolint.args, ["lsp"]);
  for (const l of helix.language) assert.ok(l["language-servers"].includes("macrolint"), l.name);
});
