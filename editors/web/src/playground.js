// The playground: CodeMirror 6 over the macrolint WebAssembly core, all in this page.
// Findings become @codemirror/lint diagnostics (underlines, messages, quick fixes) and the
// #findings list; completion and hover come from the core's assist module. The text travels
// only in the URL fragment of a share link.
import { EditorView, keymap, hoverTooltip, lineNumbers, drawSelection } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { defaultKeymap, history as editHistory, historyKeymap } from '@codemirror/commands';
import { linter, lintGutter, forceLinting } from '@codemirror/lint';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import init, { Linter } from './macrolint.js';

const SAMPLE = `Здравствуйте!

Если у вас остались вопросы, позвоните на горячую линию 8 800 234-48-48 или напишите на
{{contact.email.help}}. Клиенты Premium могут звонить на выделенную линию 8 (800) 600-55-55.
`;
const $ = (id) => document.getElementById(id);
const severity = { error: 'error', warning: 'warning', info: 'info' };

const t0 = performance.now();
await init();
let core = new Linter();
window.macrolintCore = () => core;
window.macrolintTimings = { init: performance.now() - t0 };

function options() {
  const o = { asOf: $('date').value, lang: $('lang').value, format: $('format').value, explicit: true };
  if ($('audience').value) o.audience = [$('audience').value];
  if ($('region').value) o.region = $('region').value;
  return o;
}

function fillCatalogControls() {
  const info = core.info($('lang').value);
  for (const [id, items] of [['audience', info.audiences], ['region', info.regions]]) {
    const sel = $(id), keep = sel.value;
    sel.length = 1;
    for (const { id: v, name } of items) sel.add(new Option(`${name} (${v})`, v));
    sel.value = [...sel.options].some((o) => o.value === keep) ? keep : '';
  }
  $('status').dataset.catalog = info.name;
}

function showFindings(view, found) {
  const list = $('findings');
  list.replaceChildren(...found.map((f) => {
    const li = document.createElement('li');
    li.className = `sev-${f.severity}`;
    li.dataset.rule = f.rule;
    li.dataset.from = f.from;
    li.dataset.to = f.to;
    li.append(`${f.range.start.line}:${f.range.start.column} ${f.message}`);
    const r = document.createElement('span');
    r.className = 'rule';
    r.textContent = f.rule;
    li.append(r);
    li.addEventListener('click', () => {
      view.dispatch({ selection: { anchor: f.from, head: f.to }, scrollIntoView: true });
      view.focus();
    });
    return li;
  }));
}

let lastFindings = [];
const lint = linter((view) => {
  const text = view.state.doc.toString();
  const t = performance.now();
  let found;
  try {
    found = core.check(text, options());
  } catch (e) {
    $('status').textContent = String(e.message ?? e);
    return [];
  }
  const ms = performance.now() - t;
  window.macrolintTimings.lastCheck = ms;
  window.macrolintTimings.firstResult ??= performance.now() - t0;
  lastFindings = found;
  $('status').textContent = `${found.length} finding(s), checked in ${ms.toFixed(2)} ms`;
  showFindings(view, found);
  return found.map((f) => ({
    from: f.from,
    to: Math.max(f.to, f.from),
    severity: severity[f.severity] ?? 'info',
    source: f.rule,
    message: f.message,
    actions: f.fixes.filter((x) => !x.display_only).map((fix) => ({
      name: fix.title,
      apply(v) {
        v.dispatch({ changes: fix.edits.map((e) => ({ from: e.from, to: e.to, insert: e.replacement })) });
      },
    })),
  }));
}, { delay: 150 });

function completionSource(ctx) {
  const items = core.complete(ctx.state.doc.toString(), ctx.pos, { ...options(), typed: !ctx.explicit });
  if (!items || items.length === 0) return null;
  const from = Math.min(...items.map((i) => i.from));
  return {
    from,
    filter: false,
    options: items.map((i) => ({
      label: i.label,
      detail: i.description ?? i.detail,
      info: i.documentation,
      type: i.kind === 'id' ? 'variable' : 'text',
      boost: i.deprecated ? -1 : 0,
      apply(view) {
        view.dispatch({ changes: { from: i.from, to: i.to, insert: i.insert },
          selection: { anchor: i.from + i.insert.length } });
      },
    })),
  };
}

const hover = hoverTooltip((view, pos) => {
  const card = core.hover(view.state.doc.toString(), pos, options());
  if (!card) return null;
  return {
    pos: card.from, end: card.to, above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'ml-hover';
      dom.textContent = card.markdown;
      return { dom };
    },
  };
});

function initialText() {
  const h = location.hash;
  if (h.startsWith('#text=')) {
    try { return decodeURIComponent(h.slice(6)); } catch { /* a broken link: the sample */ }
  }
  return SAMPLE;
}

$('date').value = new Date().toISOString().slice(0, 10);
const params = new URLSearchParams(location.hash.slice(1));
for (const k of ['lang', 'format', 'date']) if (params.get(k)) $(k).value = params.get(k);
fillCatalogControls();

const view = new EditorView({
  parent: $('editor'),
  state: EditorState.create({
    doc: initialText(),
    extensions: [
      lineNumbers(), editHistory(), drawSelection(), EditorView.lineWrapping,
      keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap]),
      lint, lintGutter(), hover,
      autocompletion({ override: [completionSource], activateOnTyping: true }),
    ],
  }),
});
window.macrolintView = view;
// The first check runs at once, not after the typing delay.
forceLinting(view);

const relint = () => forceLinting(view);
for (const id of ['format', 'audience', 'region', 'date']) $(id).addEventListener('change', relint);
$('lang').addEventListener('change', () => { fillCatalogControls(); relint(); });

$('catalog').addEventListener('change', () => {
  if ($('catalog').value === 'file') $('catalog-file').click();
  else { core = new Linter(); $('catalog-errors').hidden = true; fillCatalogControls(); relint(); }
});
$('catalog-file').addEventListener('change', async () => {
  const file = $('catalog-file').files[0];
  if (!file) return;
  const box = $('catalog-errors');
  try {
    core = Linter.fromToml(await file.text(), file.name);
    box.hidden = true;
    $('catalog').options[1].text = file.name;
    $('catalog').value = 'file';
  } catch (e) {
    box.hidden = false;
    box.replaceChildren(...(e.errors ?? [{ file: file.name, line: 0, column: 0, message: String(e) }]).map((x) => {
      const d = document.createElement('div');
      d.className = 'catalog-error';
      d.textContent = `${x.file}:${x.line}:${x.column}: ${x.message}${x.help ? `\n  help: ${x.help}` : ''}`;
      return d;
    }));
    $('catalog').value = 'default';
    core = new Linter();
  }
  fillCatalogControls();
  relint();
});

function shareLink() {
  const u = new URL(location.href);
  u.hash = `text=${encodeURIComponent(view.state.doc.toString())}`;
  return u.href;
}
$('share').addEventListener('click', async () => {
  const link = shareLink();
  history.replaceState(null, '', link);
  try { await navigator.clipboard.writeText(link); $('status').textContent = 'Share link copied (the text is in the link itself).'; }
  catch { $('status').textContent = 'Share link is in the address bar.'; }
});
window.macrolintShareLink = shareLink;
