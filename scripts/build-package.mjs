// `pnpm build` in packages/codegen and packages/runtime (and their `prepack`): a clean dist/ from src/.
// tsc compiles the .ts files; the other files the code loads at run time (the sandbox children's .mjs
// entries, the cpython backend's runner .py) are copied beside them, since tsc leaves them out. A package
// with a scripts/bundle-cli.mjs then bundles its bin from that dist (the codegen's dist/bundle/).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

const packageDir = process.cwd();
const src = path.join(packageDir, "src");
const dist = path.join(packageDir, "dist");

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync("tsc", ["-p", "tsconfig.build.json"], { cwd: packageDir, stdio: "inherit", shell: process.platform === "win32" });
if (tsc.error) {
  console.error(`build: cannot run tsc (${tsc.error.message}); run \`pnpm install\` at the repository root first`);
  process.exit(1);
}
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(mjs|py)$/.test(entry.name)) continue;
  const from = path.join(entry.parentPath, entry.name);
  cpSync(from, path.join(dist, path.relative(src, from)));
}

const bundle = path.join(packageDir, "scripts", "bundle-cli.mjs");
if (existsSync(bundle)) {
  const bundled = spawnSync(process.execPath, [bundle], { cwd: packageDir, stdio: "inherit" });
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
}
