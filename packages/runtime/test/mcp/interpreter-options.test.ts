// `toolsmith mcp --interpreters --backend B --files ... --out DIR`: the interpreter options of the MCP
// command, through the SDK's own client over stdio.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runMcpCommand } from "../../src/mcp/index.js";
import { connectStdio, toolText } from "./connect.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const work = mkdtempSync(join(tmpdir(), "toolsmith-mcp-files-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const sales = join(work, "sales.csv");
writeFileSync(sales, "category,price\nbooks,10\ngames,30\nbooks,20\n");

describe("toolsmith mcp interpreter options", () => {
  it.each([
    [["a.ts", "--backend", "cpython"], "--backend/--files/--out need --interpreters"],
    [["a.ts", "--interpreters", "--backend", "ruby"], "--backend needs pyodide, cpython or jupyter"],
    [["a.ts", "--interpreters", "--files", join(work, "missing.csv")], "--files needs existing files or folders (not found:"],
    [["a.ts", "--interpreters", "--out"], "--out needs a folder"],
    [["a.ts", "--interpreters", "--jupyter-url", "http://127.0.0.1:8888/"], "--jupyter-url needs --interpreters --backend jupyter"],
    [["a.ts", "--interpreters", "--backend", "jupyter", "--jupyter-url", "ftp://host/"], "--jupyter-url needs an http:// or https:// URL"],
    [["a.ts", "--timeout", "5"], "--timeout/--memory need --interpreters"],
    [["a.ts", "--interpreters", "--timeout", "0"], "--timeout needs a number of seconds above 0"],
    [["a.ts", "--interpreters", "--timeout"], "--timeout needs a number of seconds above 0"],
    [["a.ts", "--interpreters", "--memory", "1.5"], "--memory needs a whole number of MiB above 0"],
    [["a.ts", "--interpreters", "--max-calls", "3"], "--max-calls/--max-call-time need --code-mode"],
    [["a.ts", "--interpreters", "--code-mode", "--max-calls", "many"], "--max-calls needs a whole number above 0"],
    [["a.ts", "--interpreters", "--code-mode", "--max-call-time", "-1"], "--max-call-time needs a number of seconds above 0"],
  ])("%j exits 2 saying %s", async (argv, fragment) => {
    let stderr = "";
    expect(await runMcpCommand(argv, { stderr: (t) => void (stderr += t) })).toBe(2);
    expect(stderr).toContain(fragment);
  });

  it("holds each interpreter to --timeout and --memory", async () => {
    const connection = await connectStdio("approves", ["--interpreters", "--yes", "--timeout", "0.5", "--memory", "16"]);
    try {
      // the first call starts the worker (a cold QuickJS start): the limit is timed on a warm one
      expect(toolText(await connection.client.callTool({ name: "javascript", arguments: { code: "1" } }))).toContain("1");
      const started = Date.now();
      const spun = toolText(await connection.client.callTool({ name: "javascript", arguments: { code: "while (true) {}" } }));
      expect(spun).toContain("exceeded the 0.5 s time limit");
      expect(Date.now() - started).toBeLessThan(5_000);
      // 4 Mi doubles: within QuickJS's default 128 MiB, past the 16 asked for.
      const hoarded = toolText(await connection.client.callTool({ name: "javascript", arguments: { code: "const a = new Array(4 * 1024 * 1024).fill(1.5); a.length" } }));
      expect(hoarded).toMatch(/out of memory/i);
      // The session goes on within its limits.
      expect(toolText(await connection.client.callTool({ name: "javascript", arguments: { code: "6 * 7" } }))).toContain("42");
    } finally {
      await connection.close();
    }
  });

  it("holds code mode to --max-calls per run", async () => {
    const connection = await connectStdio("approves", ["--interpreters", "--code-mode", "--yes", "--max-calls", "2", "--max-call-time", "30"]);
    try {
      const code = "const out = []; for (let i = 0; i < 3; i++) { try { out.push(await tools.add({ a: i })); } catch (e) { out.push(String(e.message)); } } out";
      const text = toolText(await connection.client.callTool({ name: "javascript", arguments: { code } }));
      expect(text).toContain("1");
      expect(text).toContain("2");
      expect(text).toContain("this run already made 2 tool calls, the limit per run");
      // The limit is per run: the next run may call again.
      expect(toolText(await connection.client.callTool({ name: "javascript", arguments: { code: "await tools.add({ a: 40, b: 2 })" } }))).toContain("42");
    } finally {
      await connection.close();
    }
  });

  it("runs the data task on the cpython backend with the given files, saving into --out", async () => {
    const outDir = join(work, "out");
    const connection = await connectStdio("approves", ["--interpreters", "--yes", "--backend", "cpython", "--files", sales, "--out", outDir]);
    try {
      const { tools } = await connection.client.listTools();
      const python = tools.find((tool) => tool.name === "python");
      expect(python?.description).toContain("sales.csv (");
      const result = await connection.client.callTool({
        name: "python",
        arguments: { code: "import pandas as pd\nimport matplotlib.pyplot as plt\nm = pd.read_csv('sales.csv').groupby('category')['price'].mean()\nm.plot.bar()\nm" },
      });
      const text = toolText(result);
      expect(text).toMatch(/books\s+15\.0\ngames\s+30\.0/);
      const figure = /out\/(figure-\d+\.png)/.exec(text)?.[1];
      expect(figure).toBeDefined();
      expect(readFileSync(join(outDir, figure!)).subarray(1, 4).toString()).toBe("PNG");
      // The chart itself comes back as an MCP image part after the (unchanged) text part.
      const parts = result.content as { type: string; text?: string; data?: string; mimeType?: string }[];
      expect(parts[0]?.type).toBe("text");
      const images = parts.filter((part) => part.type === "image");
      expect(images).toHaveLength(1);
      expect(images[0]!.mimeType).toBe("image/png");
      const png = Buffer.from(images[0]!.data!, "base64");
      expect(png.equals(readFileSync(join(outDir, figure!)))).toBe(true);
      const size = pngHeader(png);
      expect(size.width).toBeGreaterThan(100);
      expect(size.height).toBeGreaterThan(100);

      // A call that produced no image has the text part alone.
      const plain = await connection.client.callTool({ name: "python", arguments: { code: "m.idxmax()" } });
      expect(toolText(plain)).toBe("'games'");
      expect((plain.content as { type: string }[]).map((part) => part.type)).toEqual(["text"]);
    } finally {
      await connection.close();
    }
  });

  it("runs the data task on the jupyter backend (a sandboxed local server) and saves the chart into --out", async () => {
    const outDir = join(work, "out-jupyter");
    const connection = await connectStdio("approves", ["--interpreters", "--yes", "--backend", "jupyter", "--files", sales, "--out", outDir]);
    try {
      const result = await connection.client.callTool({
        name: "python",
        arguments: { code: "import pandas as pd\nm = pd.read_csv('sales.csv').groupby('category')['price'].mean()\nm.plot.bar()\nm" },
      });
      const text = toolText(result);
      expect(text).toMatch(/books\s+15\.0\ngames\s+30\.0/);
      const figure = /out\/(figure-\d+\.png)/.exec(text)?.[1];
      expect(figure).toBeDefined();
      expect(readFileSync(join(outDir, figure!)).subarray(1, 4).toString()).toBe("PNG");
    } finally {
      await connection.close();
    }
  });
});

describe("toolsmith mcp --interpreters --code-mode", () => {
  it("serves only the interpreters, whose code calls the registry's tools", async () => {
    let stderr = "";
    expect(await runMcpCommand(["a.ts", "--code-mode"], { stderr: (t) => void (stderr += t) })).toBe(2);
    expect(stderr).toContain("--code-mode needs --interpreters");
    const connection = await connectStdio("approves", ["--interpreters", "--code-mode", "--yes"]);
    try {
      const { tools } = await connection.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["python", "javascript"]);
      expect(tools[0]?.description).toContain("def add(");
      const result = await connection.client.callTool({ name: "python", arguments: { code: "from tools import add\nsum(add(i, 1) for i in range(10))" } });
      expect(toolText(result)).toBe("55");
      const js = await connection.client.callTool({ name: "javascript", arguments: { code: "await tools.add({ a: 2, b: 3 })" } });
      expect(toolText(js)).toBe("5");
    } finally {
      await connection.close();
    }
  });

  it("on the jupyter backend, the kernel's code calls the registry's tools too", async () => {
    const connection = await connectStdio("approves", ["--interpreters", "--code-mode", "--yes", "--backend", "jupyter"]);
    try {
      const result = await connection.client.callTool({ name: "python", arguments: { code: "from tools import add\nsum(add(i, 1) for i in range(10))" } });
      expect(toolText(result)).toBe("55");
    } finally {
      await connection.close();
    }
  });
});

/** The PNG signature and the IHDR chunk's width and height (throws when `bytes` is not a PNG). */
function pngHeader(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
