// The extension's service worker: the macrolint WebAssembly core, answering the content
// scripts' messages. The catalog is the embedded default or the TOML text saved by the options
// page; the date is today's. Nothing is fetched but the extension's own .wasm.
import init, { Linter } from './macrolint.js';
import { DEFAULTS } from './sites.js';

let ready = null;
let core = null;
let settings = { ...DEFAULTS };

async function load() {
  await init();
  settings = { ...DEFAULTS, ...(await chrome.storage.sync.get(null)) };
  const { catalogToml } = await chrome.storage.local.get('catalogToml');
  core = null;
  if (catalogToml) {
    try { core = Linter.fromToml(catalogToml, settings.catalogName || 'catalog.toml'); } catch { /* shown on the options page */ }
  }
  core ??= new Linter();
}
const ensure = () => (ready ??= load());
chrome.storage.onChanged.addListener(() => { ready = load(); });

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

// Whether `url` matches a match pattern such as https://*.zendesk.com/* (scheme, host, path).
function matches(pattern, url) {
  const m = /^(\*|https?|file):\/\/([^/]*)(\/.*)$/.exec(pattern.trim());
  if (!m) return false;
  let u;
  try { u = new URL(url); } catch { return false; }
  const [, scheme, host, path] = m;
  if (scheme !== '*' ? u.protocol !== `${scheme}:` : !/^https?:$/.test(u.protocol)) return false;
  const glob = (g) => new RegExp(`^${g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const hostOk = host === '*' || (host.startsWith('*.')
    ? u.hostname === host.slice(2) || u.hostname.endsWith(host.slice(1))
    : u.hostname === host.replace(/:\d+$/, '') && (!/:\d+$/.test(host) || u.port === host.split(':').pop()));
  return hostOk && glob(path).test(u.pathname + u.search);
}

async function answer(msg) {
  await ensure();
  const opts = () => {
    const o = { asOf: today(), lang: settings.lang || 'en', format: msg.format || 'plain', explicit: true };
    if (settings.audience) o.audience = [settings.audience];
    return o;
  };
  switch (msg.type) {
    case 'enabled':
      return { enabled: settings.sites.some((p) => matches(p, msg.url)) };
    case 'check':
      return { findings: core.check(msg.text, opts()) };
    case 'info':
      return { info: core.info(settings.lang || 'en') };
    case 'validate':
      try { Linter.fromToml(msg.toml, msg.name); return { ok: true }; } catch (e) { return { ok: false, errors: e.errors ?? [{ message: String(e) }] }; }
    default:
      return { error: `unknown message ${msg.type}` };
  }
}
chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
  answer(msg).then(reply, (e) => reply({ error: String(e?.message ?? e) }));
  return true;
});
