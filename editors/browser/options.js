// The options page: which sites are linted, the catalog (embedded default, or a TOML file
// checked by the core before it is kept), the audience and the language.
import { OFFERED, DEFAULTS } from './sites.js';

const $ = (id) => document.getElementById(id);
const ask = (msg) => chrome.runtime.sendMessage(msg);
const settings = { ...DEFAULTS, ...(await chrome.storage.sync.get(null)) };

$('offered').replaceChildren(...OFFERED.map(({ name, pattern }) => {
  const l = document.createElement('label');
  l.style.display = 'block';
  const c = document.createElement('input');
  c.type = 'checkbox';
  c.value = pattern;
  c.checked = settings.sites.includes(pattern);
  l.append(c, ` ${name} `);
  const code = document.createElement('code');
  code.textContent = pattern;
  l.append(code);
  return l;
}));
$('custom').value = settings.sites.filter((p) => !OFFERED.some((o) => o.pattern === p)).join('\n');
$('lang').value = settings.lang;
$('catalog-now').textContent = `Catalog: ${settings.catalogName || 'the embedded default'}`;

async function fillAudiences() {
  const { info } = await ask({ type: 'info' });
  const sel = $('audience');
  sel.length = 1;
  for (const a of info?.audiences ?? []) sel.add(new Option(`${a.name} (${a.id})`, a.id));
  sel.value = settings.audience;
}
await fillAudiences();

$('catalog-file').addEventListener('change', async () => {
  const file = $('catalog-file').files[0];
  if (!file) return;
  const toml = await file.text();
  const res = await ask({ type: 'validate', toml, name: file.name });
  if (!res.ok) {
    $('errors').textContent = res.errors.map((e) => `${e.file ?? file.name}:${e.line ?? 0}:${e.column ?? 0}: ${e.message}${e.help ? `\n  help: ${e.help}` : ''}`).join('\n');
    return;
  }
  $('errors').textContent = '';
  await chrome.storage.local.set({ catalogToml: toml });
  await chrome.storage.sync.set({ catalogName: file.name });
  settings.catalogName = file.name;
  $('catalog-now').textContent = `Catalog: ${file.name}`;
  await fillAudiences();
});
$('catalog-default').addEventListener('click', async () => {
  await chrome.storage.local.remove('catalogToml');
  await chrome.storage.sync.set({ catalogName: '' });
  $('catalog-now').textContent = 'Catalog: the embedded default';
  await fillAudiences();
});
$('save').addEventListener('click', async () => {
  const sites = [...document.querySelectorAll('#offered input:checked')].map((c) => c.value)
    .concat($('custom').value.split('\n').map((s) => s.trim()).filter(Boolean));
  await chrome.storage.sync.set({ sites, audience: $('audience').value, lang: $('lang').value });
  $('saved').textContent = 'Saved.';
});
