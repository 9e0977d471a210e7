// Copies the macrolint binary into server/ so that `vsce package` bundles it into the .vsix.
// Source: $MACROLINT_BIN, else ../../target/release/macrolint (from `cargo build --release`).
// Without one, server/ is emptied and the extension falls back to macrolint.server.path / PATH.
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ext = resolve(here, "..");
const exe = process.platform === "win32" ? "macrolint.exe" : "macrolint";
const source = process.env.MACROLINT_BIN || resolve(ext, "..", "..", "target", "release", exe);
const dest = join(ext, "server", exe);

rmSync(join(ext, "server"), { recursive: true, force: true });
if (existsSync(source)) {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(source, dest);
  chmodSync(dest, 0o755);
  console.log(`bundled ${source} -> server/${exe}`);
} else {
  console.log(`no binary at ${source}: the .vsix will use macrolint.server.path or macrolint on PATH`);
}
