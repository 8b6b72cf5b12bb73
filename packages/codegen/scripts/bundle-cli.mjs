// The CLI as the package's bin runs it: dist/cli.js and everything it imports, TypeScript 7's API client
// included, bundled by esbuild into one CommonJS script, dist/bundle/cli.cjs, that bin/toolsmith.cjs
// compiles with V8's code cache (bin/compile-cache.cjs): one file instead of ~150 modules to resolve,
// read and link, and, from the second run on, no parsing or compiling of what the command runs. Each
// module's body still runs only when first imported (esbuild's lazy wrappers around the engines' dynamic
// imports), so an engine's code executes only when that engine runs. Left outside: ts-morph (the ts6
// engine's 9 MB CommonJS TypeScript, required only with --engine ts6) and @toolsmith/runtime (a peer: the
// user's own copy). A script, not an ES module, because Node 20 caches no ES module's compiled code.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const packageDir = path.resolve(import.meta.dirname, "..");
const outdir = path.join(packageDir, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [path.join(packageDir, "dist", "cli.js")],
  outfile: path.join(outdir, "cli.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["ts-morph", "@ts-morph/common", "@toolsmith/runtime", "@toolsmith/runtime/*"],
  // The modules' own URL (TypeScript 7's package is resolved from it): the bundle's, as a file URL.
  define: { "import.meta.url": "__bundleUrl" },
  banner: {
    js: [
      'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;',
      // See LAZY below: the module, required on the first use of one of its exports.
      "var __lazyRequire = (id) => { let loaded; return new Proxy({}, { get: (_, key) => (loaded ??= require(id))[key] }); };",
    ].join("\n"),
  },
  legalComments: "none",
  logLevel: "warning",
});
if (result.errors.length > 0) process.exit(1);

// A script compiled by node:vm gets no dynamic import() in Node 20 without an experimental flag, and the
// runtime's MCP server (the one ES module imported on demand) cannot be required (it awaits at top level):
// its import goes through the bin's (bin/compile-cache.cjs passes `__importModule`), or this script's own
// import() when the bundle is loaded some other way.
const bundle = path.join(outdir, "cli.cjs");
const text = readFileSync(bundle, "utf8");
const imports = text.match(/\bimport\("[^"]*"\)/g) ?? [];
if (imports.length !== 1 || imports[0] !== 'import("@toolsmith/runtime/mcp")') {
  console.error(`bundle-cli: expected one dynamic import, of @toolsmith/runtime/mcp; found ${imports.join(", ") || "none"}`);
  process.exit(1);
}
let rewritten = text.replace('import("@toolsmith/runtime/mcp")', '(typeof __importModule === "function" ? __importModule : (specifier) => import(specifier))("@toolsmith/runtime/mcp")');

// The runtime's schema conversions and stub writers are ~15 ES modules (~15 ms to load) that only
// --strict, --provider, --pyi and --dts use, and its validator's checks (as many again) only a default
// with a format or `multipleOf` needs: required when one of their exports is first called (the bundle
// reads them as `(0, import_x.name)(...)`), not when the bundle starts. They stay the user's own copy of
// the peer, so what the codegen writes matches the runtime the project runs.
const LAZY = ["@toolsmith/runtime/providers", "@toolsmith/runtime/guest-api", "@toolsmith/runtime/validation"];
for (const id of LAZY) {
  const eager = `require(${JSON.stringify(id)})`;
  if (!rewritten.includes(eager)) {
    console.error(`bundle-cli: expected the bundle to require ${id}`);
    process.exit(1);
  }
  rewritten = rewritten.replaceAll(eager, `__lazyRequire(${JSON.stringify(id)})`);
}
// ASCII only, so that the bin reads it as a one-byte string (bin/compile-cache.cjs): a 1 MB file with a
// few hundred non-ASCII characters (box-drawing ones in TypeScript 7's comments) decodes as UTF-8 into a
// two-byte string, ~16 ms of a ~500 ms run against ~8 ms. Each is written as its \u escape, which means
// the same character in a string, template, regular expression or identifier (and is text in a comment).
rewritten = rewritten.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
if (/String\.raw/.test(rewritten)) {
  // An escape in a raw template would be the escape's text, not the character: none is expected.
  console.error("bundle-cli: the bundle uses String.raw; check that no non-ASCII character was in one");
  process.exit(1);
}
writeFileSync(bundle, rewritten);
