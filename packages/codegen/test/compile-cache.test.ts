/**
 * bin/compile-cache.cjs, which the `toolsmith` bin loads its bundle (and TypeScript 6) with: compiled code is
 * kept between runs, a cache that does not fit (corrupt, another script version) is rejected and written
 * anew, nothing is read from or written to a directory others can write, and no cache problem fails a
 * run. Each run is a fresh Node process (V8 keeps compiled code in memory within one), driven by a small
 * script that loads a CommonJS fixture the way the bin loads its bundle.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const loader = fileURLToPath(new URL("../bin/compile-cache.cjs", import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), "toolsmith-compile-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A CommonJS script with what the bundle relies on: require of a sibling, __filename, a dynamic import. */
function writeScript(dir: string, body = "x * 2"): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "helper.cjs"), "module.exports = (x) => x + 1;\n");
  const file = path.join(dir, "script.cjs");
  writeFileSync(
    file,
    [
      '"use strict";',
      'const helper = require("./helper.cjs");',
      `function work(x) { return helper(${body}); }`,
      "exports.run = async (x) => ({",
      "  value: work(x),",
      "  file: __filename,",
      '  platform: (await __importModule("node:os")).platform(),',
      "});",
      "",
    ].join("\n"),
  );
  return file;
}

interface Outcome {
  readonly status: string;
  readonly result: { value: number; file: string; platform: string };
}

const driver = `
import { openCompileCache } from ${JSON.stringify(loader)};
const [file, variant] = process.argv.slice(2);
const cache = openCompileCache({ variant });
const { run } = cache.load(file, (specifier) => import(specifier));
const result = await run(20);
cache.save();
process.stdout.write(JSON.stringify({ status: cache.statuses()[0].status, result }));
`;
const driverFile = path.join(scratch, "driver.mjs");
writeFileSync(driverFile, driver);

function load(file: string, env: NodeJS.ProcessEnv, variant = "codegen"): Outcome {
  // A time limit: a run that never ends (see below) fails rather than hangs the suite.
  const child = spawnSync(process.execPath, [driverFile, file, variant], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 30_000 });
  expect(child.stderr).toBe("");
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as Outcome;
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith(".v8cache"));

describe("the bin's compile cache", () => {
  it("writes the cache on the first run and uses it on the next, with the script behaving the same", () => {
    const file = writeScript(path.join(scratch, "basic"));
    const env = { TOOLSMITH_CACHE_DIR: path.join(scratch, "basic-cache") };
    const first = load(file, env);
    expect(first).toEqual({ status: "missing", result: { value: 41, file, platform: process.platform } });
    const [written] = cacheFiles(env.TOOLSMITH_CACHE_DIR);
    expect(written).toBeDefined();
    // Only its owner may write the directory or read the file: the cache is code the process runs.
    expect(statSync(env.TOOLSMITH_CACHE_DIR).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(env.TOOLSMITH_CACHE_DIR, written as string)).mode & 0o777).toBe(0o600);
    expect(load(file, env)).toEqual({ ...first, status: "used" });
  });

  it("reads a script with non-ASCII text as UTF-8 and an ASCII one (the bin's bundle) as bytes: the same text either way", () => {
    // The bundle is built ASCII-only (scripts/bundle-cli.mjs) so that it loads as a one-byte string.
    for (const [name, text] of [
      ["ascii", "plain text \\u2500 escaped"],
      ["utf8", "h\u00e9llo \u2500\u2500 \u2014 \u{1F600} \u0000"],
    ] as const) {
      const file = writeScript(path.join(scratch, `text-${name}`));
      const source = readFileSync(file, "utf8").replace("exports.run = async (x) => ({", `exports.run = async (x) => ({\n  text: ${JSON.stringify(text)}, own: work.toString(),`);
      writeFileSync(file, source);
      const env = { TOOLSMITH_CACHE_DIR: path.join(scratch, `text-${name}-cache`) };
      for (const status of ["missing", "used"]) {
        const outcome = load(file, env) as Outcome & { result: { text: string; own: string } };
        expect(outcome.status).toBe(status);
        expect(outcome.result.text).toBe(JSON.parse(JSON.stringify(text)));
        expect(outcome.result.own).toBe("function work(x) { return helper(x * 2); }");
      }
    }
  });

  it("rejects a corrupt cache, still runs the script, and writes a good cache again", () => {
    const file = writeScript(path.join(scratch, "corrupt"));
    const env = { TOOLSMITH_CACHE_DIR: path.join(scratch, "corrupt-cache") };
    load(file, env);
    const cacheFile = path.join(env.TOOLSMITH_CACHE_DIR, cacheFiles(env.TOOLSMITH_CACHE_DIR)[0] as string);
    const good = readFileSync(cacheFile);
    const bad = Buffer.from(good);
    for (let i = 0; i < bad.length; i += 7) bad[i] = (bad[i] as number) ^ 0xff;
    writeFileSync(cacheFile, bad);
    const rejected = load(file, env);
    expect(rejected.status).toBe("rejected");
    expect(rejected.result.value).toBe(41);
    expect(load(file, env).status).toBe("used");
  });

  it("keys the cache by the script's version and the variant, so an edited script is compiled afresh", () => {
    const dir = path.join(scratch, "edited");
    const file = writeScript(dir);
    const env = { TOOLSMITH_CACHE_DIR: path.join(scratch, "edited-cache") };
    load(file, env);
    expect(load(file, env).status).toBe("used");
    writeScript(dir, "x * 3");
    // Even when the edit keeps the size and lands within the same second, the mtime differs.
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const edited = load(file, env);
    expect(edited).toMatchObject({ status: "missing", result: { value: 61 } });
    expect(load(file, env, "mcp").status).toBe("missing");
    expect(cacheFiles(env.TOOLSMITH_CACHE_DIR)).toHaveLength(3);
  });

  it("removes cache files a month old when it writes one, and nothing else", () => {
    const file = writeScript(path.join(scratch, "pruned"));
    const dir = path.join(scratch, "pruned-cache");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const recent = new Date(Date.now() - 29 * 24 * 60 * 60 * 1000);
    for (const [name, time] of [["0123456789abcdef0123456789abcdef.v8cache", old], ["fedcba9876543210fedcba9876543210.v8cache", recent], ["0123456789abcdef0123456789abcdef.v8cache.123.tmp", old], ["notes.txt", old]] as const) {
      writeFileSync(path.join(dir, name), "x");
      utimesSync(path.join(dir, name), time, time);
    }
    expect(load(file, { TOOLSMITH_CACHE_DIR: dir }).status).toBe("missing");
    const left = readdirSync(dir).sort();
    expect(left).toContain("fedcba9876543210fedcba9876543210.v8cache");
    expect(left).toContain("notes.txt");
    expect(left).not.toContain("0123456789abcdef0123456789abcdef.v8cache");
    expect(left).not.toContain("0123456789abcdef0123456789abcdef.v8cache.123.tmp");
    expect(cacheFiles(dir)).toHaveLength(2);
  });

  it("is off with TOOLSMITH_COMPILE_CACHE=0 and writes nothing", () => {
    const file = writeScript(path.join(scratch, "off"));
    const dir = path.join(scratch, "off-cache");
    expect(load(file, { TOOLSMITH_CACHE_DIR: dir, TOOLSMITH_COMPILE_CACHE: "0" })).toMatchObject({ status: "off", result: { value: 41 } });
    expect(() => readdirSync(dir)).toThrow();
  });

  it("neither reads nor writes a cache in a directory others can write", () => {
    const file = writeScript(path.join(scratch, "shared"));
    const dir = path.join(scratch, "shared-cache");
    const env = { TOOLSMITH_CACHE_DIR: dir };
    load(file, env);
    const planted = cacheFiles(dir);
    expect(planted).toHaveLength(1);
    chmodSync(dir, 0o777);
    // A cache that fits is there, but the directory is not the user's own: it is not loaded, nor replaced.
    const before = readFileSync(path.join(dir, planted[0] as string));
    expect(load(file, env).status).toBe("missing");
    expect(readFileSync(path.join(dir, planted[0] as string))).toEqual(before);
    expect(cacheFiles(dir)).toEqual(planted);
  });

  it("caches the CommonJS modules `require` loads that it is asked to, and only those", () => {
    const dir = path.join(scratch, "required");
    mkdirSync(path.join(dir, "node_modules", "big"), { recursive: true });
    mkdirSync(path.join(dir, "node_modules", "small"), { recursive: true });
    writeFileSync(path.join(dir, "node_modules", "big", "index.js"), 'const small = require("small");\nexports.twice = (x) => small(x) * 2;\nexports.self = __filename;\nexports.thisIsExports = this === exports;\n');
    writeFileSync(path.join(dir, "node_modules", "small", "index.js"), "module.exports = (x) => x + 1;\n");
    const file = path.join(dir, "script.cjs");
    writeFileSync(file, 'const big = require("big");\nexports.run = async (x) => ({ value: big.twice(x), file: big.self, platform: String(big.thisIsExports) });\n');
    const requiring = `
import { openCompileCache } from ${JSON.stringify(loader)};
const cache = openCompileCache({ variant: "codegen" });
cache.cacheRequired((file) => file.includes("/node_modules/big/"));
const { run } = cache.load(process.argv[2]);
const result = await run(20);
cache.save();
process.stdout.write(JSON.stringify({ statuses: cache.statuses().map(({ file, status }) => [file.slice(${JSON.stringify(dir)}.length), status]), result }));
`;
    const requiringFile = path.join(scratch, "requiring.mjs");
    writeFileSync(requiringFile, requiring);
    const env = { ...process.env, TOOLSMITH_CACHE_DIR: path.join(scratch, "required-cache") };
    const runIt = () => {
      const child = spawnSync(process.execPath, [requiringFile, file], { env, encoding: "utf8" });
      expect(child.stderr).toBe("");
      return JSON.parse(child.stdout) as { statuses: [string, string][]; result: Outcome["result"] };
    };
    const first = runIt();
    expect(first.result).toEqual({ value: 42, file: path.join(dir, "node_modules", "big", "index.js"), platform: "true" });
    expect(first.statuses).toEqual([["/script.cjs", "missing"], ["/node_modules/big/index.js", "missing"]]);
    const second = runIt();
    expect(second.result).toEqual(first.result);
    expect(second.statuses).toEqual([["/script.cjs", "used"], ["/node_modules/big/index.js", "used"]]);
    expect(cacheFiles(env.TOOLSMITH_CACHE_DIR)).toHaveLength(2);
  });

  it("runs the script when the cache directory cannot be made", () => {
    const file = writeScript(path.join(scratch, "blocked"));
    const blocker = path.join(scratch, "a-file");
    writeFileSync(blocker, "not a directory");
    const env = { TOOLSMITH_CACHE_DIR: path.join(blocker, "cache") };
    expect(load(file, env)).toMatchObject({ status: "missing", result: { value: 41 } });
    expect(load(file, env).status).toBe("missing");
  });

  it("runs the script and ends where mkdir keeps failing under an existing parent (Node's recursive mkdir spins there)", () => {
    const file = writeScript(path.join(scratch, "procfs"));
    // procfs answers ENOENT to mkdir under /proc; elsewhere the root refuses it: either way, no cache.
    const env = { TOOLSMITH_CACHE_DIR: "/proc/toolsmith-no-such/cache" };
    expect(load(file, env)).toMatchObject({ status: "missing", result: { value: 41 } });
  });
});
