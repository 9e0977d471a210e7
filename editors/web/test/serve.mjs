// A static server on 127.0.0.1 for the browser tests: every page is sent with
// `Content-Security-Policy: script-src 'self'`, as strict helpdesks do. Routes: /playground/
// (target/web) and /pages/ (the reply-box test pages).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.toml': 'text/plain; charset=utf-8' };
// The playground runs WebAssembly in the page, which a CSP allows only with 'wasm-unsafe-eval';
// the reply boxes get the strict policy: the extension's core runs in its own worker.
const CSP = { playground: "script-src 'self' 'wasm-unsafe-eval'" };
export function serve(roots) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const [, top, ...rest] = url.pathname.split('/');
    const root = roots[top];
    let file = rest.join('/') || 'index.html';
    if (!root || normalize(file).startsWith('..')) { res.writeHead(404).end(); return; }
    try {
      const body = await readFile(join(root, file));
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP[top] ?? "script-src 'self'", 'Cache-Control': 'no-store' });
      res.end(body);
    } catch { res.writeHead(404).end(); }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}
