// Files in and out of the Pyodide and QuickJS sandboxes (the cpython backend has its own suite): inputs
// under their own names, `out/` copied to the host after each run, names sanitised, symlinks not
// followed, nothing written outside the output folder, and no broader host permission for Pyodide.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { formatCell } from "../../src/interpreter/cell.js";
import { createInterpreterTools } from "../../src/interpreter/create-tools.js";
import { JavaScriptSession } from "../../src/interpreter/javascript-session.js";
import { closeWarmSpares, PythonSession } from "../../src/interpreter/python-session.js";
import { OutputFolder, resolveInputs, sanitizePath } from "../../src/interpreter/workspace.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const work = mkdtempSync(join(tmpdir(), "toolsmith-files-"));
mkdirSync(join(work, "in", "folder", "deep"), { recursive: true });
writeFileSync(join(work, "in", "sales.csv"), "category,price\nbooks,10\ngames,30\n");
writeFileSync(join(work, "in", "folder", "deep", "a.txt"), "deep text");
const secret = join(work, "secret.txt");
writeFileSync(secret, "HOST-SECRET");
const files = [join(work, "in", "sales.csv"), join(work, "in", "folder")];

const opened: { close(): void }[] = [];
afterAll(() => {
  for (const session of opened) session.close();
  closeWarmSpares();
  rmSync(work, { recursive: true, force: true });
});

describe("Pyodide: files in and out", () => {
  const outDir = join(work, "out-pyodide");
  const python = new PythonSession({ files, outDir });
  opened.push(python);

  it("has the inputs in its working directory, read-only copies", async () => {
    expect(formatCell(await python.run("import os\nos.getcwd(), sorted(os.listdir('.'))"))).toBe("('/home/pyodide/work', ['folder', 'out', 'sales.csv'])");
    expect(formatCell(await python.run("open('folder/deep/a.txt').read()"))).toBe("'deep text'");
    expect(formatCell(await python.run("import csv\nlist(csv.DictReader(open('sales.csv')))[1]['price']"))).toBe("'30'");
  });

  it("copies new and changed files in out/ to the host and lists them", async () => {
    const first = await python.run("open('out/result.txt', 'w').write('one')\nopen('scratch.txt', 'w').write('stays inside')");
    expect(first.files?.map((file) => [file.name, file.bytes, file.mediaType])).toEqual([["result.txt", 3, "text/plain"]]);
    expect(formatCell(first)).toContain("[files saved for the user: out/result.txt (text/plain, 3 B)]");
    expect(readFileSync(join(outDir, "result.txt"), "utf8")).toBe("one");
    expect(existsSync(join(outDir, "scratch.txt"))).toBe(false);
    expect((await python.run("1")).files).toBeUndefined(); // unchanged: not copied again
    const changed = await python.run("import time\ntime.sleep(0.01)\nopen('out/result.txt', 'w').write('two!')");
    expect(changed.files?.map((file) => file.name)).toEqual(["result.txt"]);
    expect(readFileSync(join(outDir, "result.txt"), "utf8")).toBe("two!");
    expect(python.files().produced.map((file) => file.name)).toEqual(["result.txt"]);
  });

  it("never follows a symlink in out/ and sanitises names", async () => {
    const result = await python.run(
      `import os\nos.symlink(${JSON.stringify(secret)}, 'out/leak')\nos.symlink('/home/pyodide/work/sales.csv', 'out/inside-link')\nopen('out/..odd name?.txt', 'w').write('x')`,
    );
    expect(result.ok).toBe(true);
    expect(result.files?.map((file) => file.name)).toEqual(["odd name_.txt"]);
    expect(existsSync(join(outDir, "leak"))).toBe(false);
    expect(existsSync(join(outDir, "inside-link"))).toBe(false);
    for (const name of readdirSync(outDir)) expect(readFileSync(join(outDir, name), "utf8")).not.toContain("HOST-SECRET");
  });

  it("still cannot reach the host's files (copy-in is no broader permission)", async () => {
    expect(formatCell(await python.run(`open(${JSON.stringify(secret)}).read()`))).toMatch(/FileNotFoundError|No such file/);
  });

  it("gets its files again after a restart", async () => {
    // The limit also covers waiting for the replacement interpreter after a restart: leave the spare time to load.
    const restarted = new PythonSession({ files, outDir: join(work, "out-restart"), timeoutMs: 4000 });
    opened.push(restarted);
    expect((await restarted.run("while True: pass")).stateLost).toBe(true);
    expect(formatCell(await restarted.run("open('sales.csv').read().splitlines()[0]"))).toBe("'category,price'");
  });
});

describe("QuickJS: files in and out", () => {
  const outDir = join(work, "out-quickjs");
  const javascript = new JavaScriptSession({ files, outDir });
  opened.push(javascript);

  it("reads inputs with readFile and lists them", async () => {
    expect(formatCell(await javascript.run("readFile('sales.csv').split('\\n')[1]"))).toBe('"books,10"');
    expect(formatCell(await javascript.run("listFiles()"))).toBe('["sales.csv", "folder/deep/a.txt"]');
    expect(formatCell(await javascript.run("readFile('/etc/passwd')"))).toMatch(/ENOENT: no such file: \/etc\/passwd/);
  });

  it("writes only under out/, copied to the host after the run", async () => {
    expect(formatCell(await javascript.run("writeFile('sales.csv', 'x')"))).toMatch(/EACCES: only files under out\/ can be written/);
    const written = await javascript.run("writeFile('out/report.md', '# Report'); writeFile('out/../../escape.txt', 'x'); readFile('out/report.md')");
    expect(written.value).toBe('"# Report"');
    expect(written.files?.map((file) => file.name)).toEqual(["report.md"]);
    expect(readFileSync(join(outDir, "report.md"), "utf8")).toBe("# Report");
    expect(existsSync(join(work, "escape.txt"))).toBe(false);
    expect(existsSync(join(outDir, "..", "escape.txt"))).toBe(false);
  });
});

describe("createInterpreterTools: the model is told its files", () => {
  it("lists the inputs and out/ in both tool descriptions", () => {
    const interpreters = createInterpreterTools({ files, outDir: join(work, "out-tools") });
    opened.push(interpreters);
    const [python, javascript] = interpreters.tools;
    expect(python?.description).toContain("input files (read-only): sales.csv (33 B), folder/deep/a.txt (9 B)");
    expect(python?.description).toContain("`out/`");
    expect(javascript?.description).toContain('writeFile("out/name", text)');
  });

  it("names a missing input file before any conversation", () => {
    expect(() => createInterpreterTools({ files: [join(work, "nope.csv")] })).toThrow(/input file not found: .*nope\.csv/);
  });
});

describe("output folder: names", () => {
  const table: { name: string; clean: string | undefined }[] = [
    { name: "chart.png", clean: "chart.png" },
    { name: "../../etc/passwd", clean: undefined },
    { name: "a/../../b", clean: undefined },
    { name: "..hidden", clean: "hidden" },
    { name: "sub/dir/x.csv", clean: "sub/dir/x.csv" },
    { name: "/abs/path.txt", clean: "abs/path.txt" },
    { name: "we\u0000ird\nname.txt", clean: "we_ird_name.txt" },
    { name: "", clean: undefined },
  ];
  it.each(table)("$name -> $clean", ({ name, clean }) => {
    expect(sanitizePath(name)).toBe(clean);
  });

  it("replaces a symlink planted at a name instead of writing through it", async () => {
    const { symlinkSync } = await import("node:fs");
    const dir = join(work, "planted");
    mkdirSync(dir);
    const victim = join(work, "victim.txt");
    writeFileSync(victim, "original");
    symlinkSync(victim, join(dir, "out.txt"));
    await new OutputFolder(dir).write("out.txt", Buffer.from("new"));
    expect(readFileSync(victim, "utf8")).toBe("original");
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("new");
  });

  it("fails where its folder cannot be made under an existing parent (Node's recursive mkdir spins there)", async () => {
    // procfs answers ENOENT to mkdir under /proc; elsewhere the root refuses it: either way an error, not a spin.
    await expect(new OutputFolder("/proc/toolsmith-no-such/out").write("a.txt", Buffer.from("x"))).rejects.toThrow(/ENOENT|EACCES|EROFS|EPERM/);
    await expect(new OutputFolder(join(work, "made", "one", "level", "at a time")).write("sub/b.txt", Buffer.from("y"))).resolves.toMatchObject({ name: "sub/b.txt" });
    expect(readFileSync(join(work, "made", "one", "level", "at a time", "sub", "b.txt"), "utf8")).toBe("y");
  });

  it("resolves folders to their files, skipping symlinks inside", async () => {
    const { symlinkSync } = await import("node:fs");
    symlinkSync(secret, join(work, "in", "folder", "link.txt"));
    expect(resolveInputs([join(work, "in", "folder")]).map((entry) => entry.name)).toEqual(["folder/deep/a.txt"]);
  });
});

describe("images for the APIs that take them in tool results", () => {
  it("reads produced PNGs into MCP, Anthropic and Responses parts; skips non-images and missing files", async () => {
    const { imagesOf, mcpImageContent, anthropicImageBlocks, responsesImageItems } = await import("../../src/interpreter/images.js");
    const folder = new OutputFolder(join(work, "out-images"));
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa4f1a4c30000000049454e44ae426082", "hex");
    const image = await folder.write("chart.png", png);
    const text = await folder.write("notes.txt", Buffer.from("x"));
    const gone = { ...image!, name: "gone.png", path: join(work, "out-images", "gone.png") };
    const images = imagesOf([text!, image!, gone]);
    expect(images).toEqual([{ mediaType: "image/png", base64: png.toString("base64"), name: "chart.png" }]);
    expect(mcpImageContent(images)).toEqual([{ type: "image", data: png.toString("base64"), mimeType: "image/png" }]);
    expect(anthropicImageBlocks(images)[0]?.source).toEqual({ type: "base64", media_type: "image/png", data: png.toString("base64") });
    expect(responsesImageItems(images)[0]?.image_url).toBe(`data:image/png;base64,${png.toString("base64")}`);
  });

  it("hands every call's result to onCell, files included", async () => {
    const cells: unknown[] = [];
    const interpreters = createInterpreterTools({ languages: ["javascript"], outDir: join(work, "out-oncell"), onCell: (language, cell) => cells.push([language, cell.files?.map((f) => f.name)]) });
    opened.push(interpreters);
    const { createToolbox } = await import("../../src/toolbox.js");
    const result = await createToolbox(interpreters.tools, { confirm: () => true }).call({ name: "javascript", arguments: { code: "writeFile('out/a.txt', 'a')" } });
    expect(result.content).toContain("[files saved for the user: out/a.txt (text/plain, 1 B)]");
    expect(cells).toEqual([["javascript", ["a.txt"]]]);
  });
});
