// End-to-end test of the macrolint extension in real VS Code: code-server (VS Code 1.100 in the
// browser) with the .vsix installed, driven by playwright-core and Debian's chromium.
//
//   node e2e.mjs --vsix PATH --bin PATH/TO/macrolint --out DIR
//
// It copies fixtures/templates to a temporary workspace (its macrolint.toml is what activates
// the extension there: the folder name matches none of the include globs), opens
// broken/hotline.ru.txt and checks, in the real UI: the diagnostic in the Problems panel, a quick
// fix applied from the quick-fix menu, "Fix all in file" (which must give what `macrolint fix`
// gives), "Insert contact...", and the status bar. Screenshots go to DIR. Every process it
// starts is stopped by PID, with the children code-server leaves behind.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..", "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const vsix = resolve(arg("vsix", join(here, "..", "macrolint.vsix")));
const bin = resolve(arg("bin", join(repo, "target", "release", "macrolint")));
const out = resolve(arg("out", join(repo, "target", "editors")));
const chromiumPath = arg("chromium", "/usr/lib/chromium/chromium");
const codeServerEntry = join(here, "node_modules", "code-server", "out", "node", "entry.js");
mkdirSync(out, { recursive: true });
for (const old of readdirSync(out).filter((f) => /^vscode-.*\.png$/.test(f))) rmSync(join(out, old));

const results = [];
const started = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a);

async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e });
    log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    throw e;
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

async function until(what, fn, timeoutMs = 30000, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Every descendant of `pid`, from /proc (children first found, deepest last). */
function descendants(pid) {
  const parent = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(name), ppid);
    } catch {
      /* gone */
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const [child, pp] of parent) {
      if (pp === p && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopTree(pid) {
  if (!pid) return;
  const pids = [pid, ...descendants(pid)];
  for (const p of pids) {
    try {
      process.kill(p, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const end = Date.now() + 5000;
  while (Date.now() < end && pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
  for (const p of pids.filter(alive)) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  log(`stopped ${pids.length} process(es): ${pids.join(" ")}`);
}

const work = mkdtempSync(join(tmpdir(), "macrolint-vscode-e2e-"));
const ws = join(work, "workspace");
const file = join(ws, "broken", "hotline.ru.txt");
let codeServer;
let browser;
let page;

async function screenshot(name) {
  if (!page) return;
  const p = join(out, `vscode-${name}.png`);
  await page.screenshot({ path: p }).catch(() => {});
  log(`screenshot ${p}`);
}

async function palette(command) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10000 });
  await input.fill(`>${command}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: command }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press("Enter");
}

const onDisk = () => readFileSync(file, "utf8");

async function main() {
  // The workspace: the fixture templates with their macrolint.toml; no folder on the path is
  // called macros/templates/replies, so only the macrolint.toml route selects the files.
  cpSync(join(repo, "fixtures", "templates"), ws, { recursive: true });
  const original = onDisk();
  const expectedFixAll = (() => {
    const copy = join(work, "expected", "broken", "hotline.ru.txt");
    cpSync(join(repo, "fixtures", "templates"), join(work, "expected"), { recursive: true });
    try {
      execFileSync(bin, ["fix", copy], { stdio: "pipe" });
    } catch {
      /* exit 1 when findings remain */
    }
    return readFileSync(copy, "utf8");
  })();
  const channels = JSON.parse(execFileSync(bin, ["catalog", "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 26 })).channels.length;
  // The message the Problems panel must show: the CLI's own English message for the first
  // contact-format finding, so the test follows the wording instead of copying it.
  const expectedMessage = (() => {
    let out;
    try {
      out = execFileSync(bin, ["check", "--format", "json", "--lang", "en", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      out = e.stdout; // exit 1: findings
    }
    const found = JSON.parse(out).files[0].findings.find((f) => f.rule === "contact-format");
    if (!found) throw new Error("the CLI reports no contact-format finding in broken/hotline.ru.txt");
    return found.message;
  })();

  const home = join(work, "home");
  const userData = join(work, "user-data");
  const extensions = join(work, "extensions");
  for (const d of [home, userData, extensions, join(userData, "User")]) mkdirSync(d, { recursive: true });
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify(
      {
        "security.workspace.trust.enabled": false,
        "workbench.startupEditor": "none",
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        "workbench.tips.enabled": false,
        "editor.accessibilitySupport": "off",
        "files.autoSave": "off",
        // Mirrored to the server: the diagnostics must come in English.
        "macrolint.lang": "en",
      },
      null,
      2,
    ),
  );
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_CACHE_HOME: join(home, ".cache"),
  };
  const common = ["--user-data-dir", userData, "--extensions-dir", extensions, "--config", join(work, "config.yaml")];

  await step("install the .vsix with --install-extension", async () => {
    const outText = execFileSync(process.execPath, [codeServerEntry, ...common, "--install-extension", vsix], { env, encoding: "utf8", timeout: 120000 });
    log(outText.trim().split("\n").slice(-1)[0]);
    const installed = readdirSync(extensions).filter((d) => d.startsWith("macrolint.macrolint-"));
    assert(installed.length === 1, `installed: ${readdirSync(extensions)}`);
  });

  const port = await freePort();
  await step(`start code-server on 127.0.0.1:${port}`, async () => {
    codeServer = spawn(
      process.execPath,
      [
        codeServerEntry,
        ...common,
        "--bind-addr",
        `127.0.0.1:${port}`,
        "--auth",
        "none",
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--disable-getting-started-override",
        ws,
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    const logFile = join(out, "code-server.log");
    writeFileSync(logFile, "");
    const append = (d) => writeFileSync(logFile, d, { flag: "a" });
    codeServer.stdout.on("data", append);
    codeServer.stderr.on("data", append);
    await until("code-server's /healthz", async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60000, 500);
  });

  await step("open the workspace in chromium", async () => {
    browser = await chromium.launchPersistentContext(join(work, "chromium"), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    const outside = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (!["127.0.0.1", "localhost"].includes(u.hostname) && !["data:", "blob:"].includes(u.protocol)) outside.push(r.url());
    });
    page.outside = outside;
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 30000 }).catch(() => {});
  });

  await step("open broken/hotline.ru.txt (Quick Open)", async () => {
    await until(
      "the editor of hotline.ru.txt",
      async () => {
        await page.keyboard.press("Escape");
        await page.keyboard.press("Control+P");
        const input = page.locator(".quick-input-widget input");
        await input.waitFor({ state: "visible", timeout: 5000 });
        await input.fill("broken/hotline.ru.txt");
        await page.locator(".quick-input-list .monaco-list-row", { hasText: "hotline.ru.txt" }).first().waitFor({ timeout: 5000 });
        await page.keyboard.press("Enter");
        await page.locator('.tab.active[aria-label*="hotline.ru.txt"], .tab.active:has-text("hotline.ru.txt")').first().waitFor({ timeout: 5000 });
        return true;
      },
      60000,
      1000,
    );
    await page.locator(".monaco-editor .view-lines").first().waitFor();
  });

  await step("the diagnostic is a squiggle and in the Problems panel (English: the lang setting reached the server)", async () => {
    await page.locator(".monaco-editor .squiggly-warning").first().waitFor({ timeout: 60000 });
    await page.keyboard.press("Control+Shift+M");
    const panel = page.locator(".markers-panel");
    await panel.waitFor({ timeout: 15000 });
    const expected = expectedMessage;
    await until("the contact-format problem", async () => {
      const t = (await panel.innerText()).replace(/\u00a0/g, " ");
      return t.includes(expected) && t.includes("contact-format") && t.includes("macrolint");
    });
    await screenshot("problems");
  });

  await step("the status bar shows the catalog and its channel count (macrolint/status)", async () => {
    const want = `Ozon (default) · ${channels} channels`;
    await until(`"${want}" in the status bar`, async () => (await page.locator(".part.statusbar").innerText()).replace(/\u00a0/g, " ").includes(want), 30000);
  });

  await step("quick fix at 1:36 (Ctrl+.) writes the number as in the catalog", async () => {
    // Back to the editor, cursor on the first number.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+G");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(":1:36");
    await page.keyboard.press("Enter");
    await until("the quick fix to apply", async () => {
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+.");
      const item = page.locator(".action-widget .monaco-list-row", { hasText: "Write as +7 495 232-10-00" }).first();
      await item.waitFor({ timeout: 5000 });
      await screenshot("quick-fix-menu");
      // The menu takes the keyboard (a pointer block covers it): move the focus to the fix.
      for (let i = 0; i < 12; i++) {
        const focused = await page.locator(".action-widget .monaco-list-row.focused").first().innerText().catch(() => "");
        if (focused.includes("Write as +7 495 232-10-00")) break;
        await page.keyboard.press("ArrowDown");
      }
      await page.keyboard.press("Enter");
      return true;
    }, 45000, 1000);
    await until("the fixed line saved", async () => {
      await page.keyboard.press("Control+S");
      return onDisk().split("\n")[0].includes("+7 495 232-10-00");
    }, 15000, 1000);
    const first = onDisk().split("\n")[0];
    assert(first === original.split("\n")[0].replace("+7 495 232−10−00", "+7 495 232-10-00"), `line 1 is now: ${first}`);
    assert(onDisk().split("\n").slice(1).join("\n") === original.split("\n").slice(1).join("\n"), "only line 1 changed");
  });

  await step("\"macrolint: Fix all in file\" gives what `macrolint fix` gives", async () => {
    await until("fix-all to apply", async () => {
      await palette("macrolint: Fix all in file");
      await new Promise((r) => setTimeout(r, 1500));
      await page.keyboard.press("Control+S");
      await new Promise((r) => setTimeout(r, 500));
      return onDisk() === expectedFixAll;
    }, 45000, 500);
  });

  await step("\"macrolint: Insert contact...\" inserts the canonical text", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Email: ");
    await palette("macrolint: Insert contact...");
    const input = page.locator(".quick-input-widget input");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "phone.moscow" }).first().waitFor({ timeout: 30000 });
    await screenshot("insert-contact");
    await input.fill("help@ozon.ru");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "email.help" }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+S");
    await until("the inserted contact on disk", async () => onDisk().trimEnd().endsWith("Email: help@ozon.ru"), 15000);
  });

  await step("\"macrolint: Show output\" shows the bundled server starting", async () => {
    await palette("macrolint: Show output");
    await until("the macrolint output", async () => {
      const t = await page.locator(".part.panel .monaco-editor .view-lines").first().innerText();
      return /starting .*server\/macrolint lsp \(bundled\)/.test(t.replace(/\u00a0/g, " "));
    }, 20000);
    await screenshot("output");
  });

  await step("\"macrolint: Restart server\" brings the server back", async () => {
    const bar = () => page.locator(".part.statusbar").innerText().then((t) => t.replace(/\u00a0/g, " "));
    await palette("macrolint: Restart server");
    await until("the status bar after the restart", async () => (await bar()).includes(`· ${channels} channels`), 30000);
    // The restarted server checks again: a new finding shows up in the editor.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Звоните 8 (800)234−70−70.");
    await page.keyboard.press("Control+S");
    await until("the new contact-format problem", async () => {
      const t = (await page.locator(".markers-panel").innerText().catch(() => "")).replace(/\u00a0/g, " ");
      return t.includes("write +7 800 234-70-70");
    }, 30000).catch(async () => {
      await page.keyboard.press("Control+Shift+M");
      await until("the new contact-format problem (Problems panel)", async () =>
        (await page.locator(".markers-panel").innerText()).replace(/\u00a0/g, " ").includes("write +7 800 234-70-70"), 30000);
    });
  });

  await step("the page asked nothing outside 127.0.0.1", async () => {
    assert(page.outside.length === 0, `requests: ${page.outside.slice(0, 5).join(" ")}`);
  });
  await screenshot("final");
}

let failed = false;
const guard = setTimeout(() => {
  log("FAIL: the whole test took more than 6 minutes");
  failed = true;
  cleanup().then(() => process.exit(1));
}, 6 * 60 * 1000);

async function cleanup() {
  await browser?.close().catch(() => {});
  await stopTree(codeServer?.pid);
  rmSync(work, { recursive: true, force: true });
}

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    cleanup().finally(() => process.exit(1));
  });
}

try {
  await main();
} catch {
  failed = true;
  await screenshot("failure");
} finally {
  clearTimeout(guard);
  await cleanup();
}
const passed = results.filter((r) => r.ok).length;
console.log(`\nVS Code end-to-end (code-server ${JSON.parse(readFileSync(join(here, "node_modules", "code-server", "package.json"), "utf8")).version}):`);
for (const r of results) console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.name}`);
console.log(`vscode-e2e: ${passed} passed, ${results.length - passed + (failed && results.every((r) => r.ok) ? 1 : 0)} failed`);
process.exit(failed ? 1 : 0);
