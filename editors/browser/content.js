// The content script: finds the reply boxes (textarea, contenteditable) on enabled sites,
// asks the extension's service worker to check their text, and underlines the findings:
// in a contenteditable with the CSS Custom Highlight API (highlights `macrolint-<severity>`),
// in a textarea, which that API cannot reach, with a mirror overlay of `macrolint-<severity>`
// spans. A click or hover on an underline shows the message and the fixes; a fix is applied as
// typing would be (execCommand insertText), so the page's editor sees a normal input event.
(() => {
  if (window.__macrolint) return;
  window.__macrolint = true;
  const ask = (msg) => new Promise((resolve) => chrome.runtime.sendMessage(msg, resolve));
  const SEVERITIES = ['error', 'warning', 'info'];
  const state = new Map(); // element -> { findings, mirror }
  let card = null;

  const isBox = (el) => el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable);
  const rootOf = (el) => {
    if (el instanceof HTMLTextAreaElement) return el;
    let r = el;
    while (r.parentElement && r.parentElement.isContentEditable) r = r.parentElement;
    return r;
  };

  // --- contenteditable: text and DOM positions --------------------------------------------
  const BLOCK = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE|TR|UL|OL)$/;
  // The element's text as the core sees it (a newline between blocks and at <br>), with the
  // text node at each stretch so offsets map back to DOM positions.
  function readEditable(root) {
    let text = '';
    const pieces = []; // { start, node }
    let lastBlock = null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.tagName === 'BR') text += '\n';
        continue;
      }
      let b = n.parentElement;
      while (b && b !== root && !BLOCK.test(b.tagName)) b = b.parentElement;
      if (lastBlock && b !== lastBlock && text && !text.endsWith('\n')) text += '\n';
      lastBlock = b;
      pieces.push({ start: text.length, node: n });
      text += n.data;
    }
    return { text, pieces };
  }
  function domPoint(pieces, offset) {
    let p = pieces[0];
    for (const q of pieces) { if (q.start <= offset) p = q; else break; }
    return p ? { node: p.node, offset: Math.min(offset - p.start, p.node.data.length) } : null;
  }
  function domRange(pieces, from, to) {
    const a = domPoint(pieces, from), b = domPoint(pieces, to);
    if (!a || !b) return null;
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    return r;
  }
  function textOffset(pieces, node, offset) {
    const p = pieces.find((q) => q.node === node);
    return p ? p.start + offset : -1;
  }

  // --- textarea: the mirror ----------------------------------------------------------------
  const COPIED = ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight', 'textTransform',
    'wordSpacing', 'textIndent', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth',
    'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderStyle', 'tabSize', 'direction'];
  function placeMirror(ta, mirror) {
    const cs = getComputedStyle(ta);
    for (const k of COPIED) mirror.style[k] = cs[k];
    const r = ta.getBoundingClientRect();
    mirror.style.left = `${r.left + scrollX}px`;
    mirror.style.top = `${r.top + scrollY}px`;
    mirror.style.width = `${r.width}px`;
    mirror.style.height = `${r.height}px`;
    mirror.scrollTop = ta.scrollTop;
    mirror.scrollLeft = ta.scrollLeft;
  }
  function drawMirror(ta, findings) {
    const s = state.get(ta);
    if (!s.mirror) {
      s.mirror = document.createElement('div');
      s.mirror.className = 'macrolint-mirror';
      s.mirror.setAttribute('aria-hidden', 'true');
      document.body.append(s.mirror);
      ta.addEventListener('scroll', () => placeMirror(ta, s.mirror));
    }
    const text = ta.value;
    const parts = [];
    let at = 0;
    findings.forEach((f, i) => {
      if (f.from < at || f.to <= f.from) return;
      parts.push(document.createTextNode(text.slice(at, f.from)));
      const span = document.createElement('span');
      span.className = `macrolint-${f.severity}`;
      span.dataset.finding = i;
      span.dataset.rule = f.rule;
      span.textContent = text.slice(f.from, f.to);
      parts.push(span);
      at = f.to;
    });
    parts.push(document.createTextNode(`${text.slice(at)}\u200b`));
    s.mirror.replaceChildren(...parts);
    placeMirror(ta, s.mirror);
  }

  // --- contenteditable: highlights -----------------------------------------------------------
  function drawHighlights() {
    if (!globalThis.CSS?.highlights) return;
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, []]));
    for (const [el, s] of state) {
      if (el instanceof HTMLTextAreaElement || !el.isConnected) continue;
      const { pieces } = readEditable(el);
      s.pieces = pieces;
      s.ranges = s.findings.map((f) => {
        const r = domRange(pieces, f.from, f.to);
        if (r) bySeverity[f.severity]?.push(r);
        return r;
      });
    }
    for (const sev of SEVERITIES) CSS.highlights.set(`macrolint-${sev}`, new Highlight(...bySeverity[sev]));
  }

  // --- checking --------------------------------------------------------------------------------
  const timers = new WeakMap();
  async function check(el) {
    const text = el instanceof HTMLTextAreaElement ? el.value : readEditable(el).text;
    const res = await ask({ type: 'check', text, format: 'plain' });
    if (!res || res.error) return;
    const s = state.get(el) ?? {};
    s.findings = res.findings;
    s.text = text;
    state.set(el, s);
    if (el instanceof HTMLTextAreaElement) drawMirror(el, res.findings);
    else drawHighlights();
    el.dispatchEvent(new CustomEvent('macrolint:checked', { detail: { count: res.findings.length } }));
  }
  function schedule(el, ms = 120) {
    clearTimeout(timers.get(el));
    timers.set(el, setTimeout(() => check(el), ms));
  }

  // --- the card: message and fixes -------------------------------------------------------------
  function hideCard() { card?.remove(); card = null; }
  function showCard(el, f, x, y) {
    if (card?.dataset.key === `${f.from}:${f.rule}`) return;
    hideCard();
    card = document.createElement('div');
    card.className = 'macrolint-card';
    card.dataset.key = `${f.from}:${f.rule}`;
    card.dataset.rule = f.rule;
    const msg = document.createElement('div');
    msg.textContent = f.message;
    const rule = document.createElement('div');
    rule.className = 'macrolint-rule';
    rule.textContent = f.rule;
    card.append(msg, rule);
    for (const fix of f.fixes.filter((x) => !x.display_only)) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'macrolint-fix';
      b.textContent = fix.title;
      b.addEventListener('mousedown', (e) => e.preventDefault()); // keep the box's focus
      b.addEventListener('click', () => { applyFix(el, fix); hideCard(); });
      card.append(b);
    }
    card.style.left = `${Math.max(4, x)}px`;
    card.style.top = `${y + 14}px`;
    document.body.append(card);
  }
  function applyFix(el, fix) {
    const edits = [...fix.edits].sort((a, b) => b.from - a.from);
    el.focus();
    for (const e of edits) {
      if (el instanceof HTMLTextAreaElement) {
        el.setSelectionRange(e.from, e.to);
        if (!document.execCommand('insertText', false, e.replacement)) {
          el.setRangeText(e.replacement, e.from, e.to, 'end');
          el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: e.replacement }));
        }
      } else {
        const { pieces } = readEditable(el);
        const r = domRange(pieces, e.from, e.to);
        if (!r) continue;
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(r);
        document.execCommand('insertText', false, e.replacement);
      }
    }
    schedule(el, 0);
  }
  // The finding under the point (x, y), if any, and its box.
  function findingAt(x, y) {
    for (const [el, s] of state) {
      if (!s.findings?.length || !el.isConnected) continue;
      if (el instanceof HTMLTextAreaElement) {
        for (const span of s.mirror?.querySelectorAll('span[data-finding]') ?? []) {
          for (const r of span.getClientRects()) {
            if (x >= r.left && x <= r.right && y >= r.top - 2 && y <= r.bottom + 2) return { el, f: s.findings[span.dataset.finding] };
          }
        }
      } else {
        for (let i = 0; i < (s.ranges?.length ?? 0); i++) {
          for (const r of s.ranges[i]?.getClientRects() ?? []) {
            if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return { el, f: s.findings[i] };
          }
        }
      }
    }
    return null;
  }
  const onPointer = (e) => {
    if (card?.contains(e.target)) return;
    const hit = findingAt(e.clientX, e.clientY);
    if (hit) showCard(hit.el, hit.f, e.clientX, e.clientY);
    else if (e.type === 'click') hideCard();
  };

  ask({ type: 'enabled', url: location.href }).then((res) => {
    if (!res?.enabled) return;
    document.addEventListener('input', (e) => { const t = e.target; if (isBox(t)) schedule(rootOf(t)); }, true);
    document.addEventListener('focusin', (e) => { const t = e.target; if (isBox(t)) schedule(rootOf(t), 0); }, true);
    document.addEventListener('mousemove', onPointer, true);
    document.addEventListener('click', onPointer, true);
    addEventListener('resize', () => { for (const [el, s] of state) if (s.mirror) placeMirror(el, s.mirror); });
    for (const el of document.querySelectorAll('textarea, [contenteditable=""], [contenteditable="true"]')) schedule(rootOf(el), 0);
  });
})();
