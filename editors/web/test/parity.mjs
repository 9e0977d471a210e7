// Native-vs-WebAssembly parity: every fixture template checked by the wasm core under Node and
// by `macrolint check --format json`, on the same date, in both languages; the findings must be
// the same (rule, severity, message, channels, line/column range, byte range, fixes), in order.
// Usage: node parity.mjs --pkg target/wasm-pkg --bin target/release/macrolint --dir fixtures/templates
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative, dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  if (i < 0) throw new Error(`missing ${name}`);
  return process.argv[i + 1];
};
const pkg = resolve(arg('--pkg')), bin = resolve(arg('--bin')), dir = resolve(arg('--dir'));
const AS_OF = '2026-06-01';

const { initSync, Linter } = await import(pathToFileURL(join(pkg, 'macrolint.js')).href);
initSync({ module: readFileSync(join(pkg, 'macrolint_bg.wasm')) });
const linter = new Linter();

const walk = (d) => readdirSync(d).sort().flatMap((n) => {
  const p = join(d, n);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
// The config the CLI reads for a file: the nearest macrolint.toml at or above its folder.
function configFor(file) {
  for (let d = dirname(file); ; d = dirname(d)) {
    const c = join(d, 'macrolint.toml');
    if (existsSync(c)) return { dir: d, text: readFileSync(c, 'utf8') };
    if (d === dir || d === dirname(d)) return null;
  }
}
function native(lang) {
  let out;
  try {
    out = execFileSync(bin, ['check', '--format', 'json', '--lang', lang, '--as-of', AS_OF, '.'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status !== 1 || !e.stdout) throw e; // 1: there are findings
    out = e.stdout;
  }
  return new Map(JSON.parse(out).files.map((f) => [f.path, f.findings]));
}
// What both sides say about a finding; the wasm side's UTF-16 extras are left out.
const comparable = ({ rule, severity, message, channels, range, byte_range, fixes, macro }) => ({
  rule, severity, message, channels, range, byte_range, macro: macro ?? null,
  fixes: fixes.map(({ title, safe, display_only, edits }) => ({
    title, safe, display_only: !!display_only,
    edits: edits.map(({ byte_range, replacement }) => ({ byte_range, replacement })),
  })),
});

let files = 0, compared = 0, failures = 0;
const skipped = [];
for (const lang of ['en', 'ru']) {
  const cli = native(lang);
  for (const file of walk(dir)) {
    const rel = relative(dir, file);
    if (rel.endsWith('macrolint.toml') || rel.endsWith('README.md')) continue;
    const bytes = readFileSync(file);
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // The page hands the core a JavaScript string: a file that is not UTF-8 never gets there.
      if (lang === 'en') skipped.push(`${rel} (not UTF-8; the CLI says: ${cli.get(rel)?.[0]?.rule})`);
      continue;
    }
    const cfg = configFor(file);
    const options = { asOf: AS_OF, lang, path: cfg ? relative(cfg.dir, file) : rel };
    if (cfg) options.config = cfg.text;
    const wasm = linter.check(text, options).map(comparable);
    const want = (cli.get(rel) ?? []).map(comparable);
    files++;
    compared += want.length;
    if (!isDeepStrictEqual(wasm, want)) {
      failures++;
      console.error(`DIFFERENT ${lang} ${rel}:\n  native: ${JSON.stringify(want)}\n  wasm:   ${JSON.stringify(wasm)}`);
    }
  }
}
if (skipped.length) console.log(`not compared: ${skipped.join(', ')}`);
if (files === 0 || compared === 0) { console.error('parity: nothing was compared'); process.exit(1); }
console.log(`parity: ${files} file checks, ${compared} native findings, ${failures} differing`);
process.exit(failures ? 1 : 0);
