// `pnpm pack:all [--out DIR]`: builds and packs @toolsmith/runtime and @toolsmith/codegen into one folder
// (default: packs/), as `pnpm publish -r` would publish them (prepack builds; workspace: ranges and
// publishConfig.exports are applied by pnpm). Prints the tarballs' absolute paths, one per line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const packages = ["packages/runtime", "packages/codegen"];

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
if (args.length > 0 && (outIndex !== 0 || args.length !== 2)) {
  console.error("usage: pnpm pack:all [--out DIR]");
  process.exit(2);
}
const out = path.resolve(outIndex === 0 ? args[1] : path.join(root, "packs"));
mkdirSync(out, { recursive: true });

for (const dir of packages) {
  const packed = spawnSync("pnpm", ["pack", "--pack-destination", out], {
    cwd: path.join(root, dir),
    stdio: ["ignore", "ignore", "inherit"],
    shell: process.platform === "win32",
  });
  if (packed.status !== 0) {
    console.error(`pack:all: packing ${dir} failed`);
    process.exit(1);
  }
}
for (const file of readdirSync(out).filter((f) => f.startsWith("toolsmith-") && f.endsWith(".tgz")).sort()) {
  console.log(path.join(out, file));
}
