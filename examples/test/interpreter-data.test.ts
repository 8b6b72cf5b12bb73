// The data task end to end, per backend, as a user runs it:
//   pnpm example interpreter --backend B --files sales.csv --out DIR --yes "question"
// with the scripted model: read the CSV, group, plot a bar chart, answer. The PNG must exist and be a
// valid image; the model's second request must carry the numbers the code computed.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { messageText, reply, startScriptedServer, toolMessages, type ScriptedServer } from "@toolsmith/runtime/testing";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "toolsmith-data-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Prices chosen so the means are exact: books 12.5, games 40, toys 7.
const SALES = "date,category,price\n2024-01-01,books,10\n2024-01-02,games,30\n2024-01-02,books,15\n2024-01-03,toys,7\n2024-01-04,games,50\n";
const salesCsv = join(work, "sales.csv");
writeFileSync(salesCsv, SALES);

const PANDAS_CODE = `import pandas as pd
import matplotlib.pyplot as plt
df = pd.read_csv("sales.csv")
means = df.groupby("category")["price"].mean()
means.plot.bar(title="Average price per category")
plt.ylabel("price")
plt.show()
means`;

// Pyodide ships the standard library only: group with csv/statistics and draw the bars as a PNG by hand.
const STDLIB_CODE = `import csv, statistics, struct, zlib
rows = list(csv.DictReader(open("sales.csv")))
groups = {}
for row in rows:
    groups.setdefault(row["category"], []).append(float(row["price"]))
means = {name: statistics.mean(prices) for name, prices in sorted(groups.items())}
width, height = 120, 60
pixels = [[255] * width for _ in range(height)]
top = max(means.values())
for i, value in enumerate(means.values()):
    bar = int(value / top * (height - 5))
    for x in range(10 + i * 35, 35 + i * 35):
        for y in range(height - bar, height):
            pixels[y][x] = 40
raw = b"".join(b"\\x00" + bytes(row) for row in pixels)
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open("out/prices.png", "wb").write(png)
means`;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runExample(args: readonly string[], env: Record<string, string>): Promise<Run> {
  const cleanEnv = { ...process.env };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL"]) delete cleanEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["--silent", "example", "interpreter", ...args], { cwd: repoRoot, env: { ...cleanEnv, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end();
  });
}

/** Width and height from a PNG's IHDR, after checking the signature and that the chunk is IHDR. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const backends = [
  { backend: "cpython", code: PANDAS_CODE, means: /books\s+12\.5[\s\S]*games\s+40\.0[\s\S]*toys\s+7\.0/, image: /figure-\d+\.png/ },
  { backend: "jupyter", code: PANDAS_CODE, means: /books\s+12\.5[\s\S]*games\s+40\.0[\s\S]*toys\s+7\.0/, image: /figure-\d+\.png/ },
  { backend: "pyodide", code: STDLIB_CODE, means: /'books': 12\.5, 'games': 40(\.0)?, 'toys': 7(\.0)?/, image: /prices\.png/ },
];

describe("the data task through `pnpm example interpreter`", () => {
  it("keeps the cpython session's state across turns of the chat, with relative paths from the user's folder", async () => {
    server = await startScriptedServer([
      reply({ toolCalls: [{ name: "python", arguments: { code: "import pandas as pd\ndf = pd.read_csv('sales.csv')\nlen(df)" } }] }),
      (body) => reply({ content: `rows: ${messageText(toolMessages(body)[0])}` }),
      reply({ toolCalls: [{ name: "python", arguments: { code: "df['price'].max()" } }] }),
      (body) => reply({ content: `max: ${messageText(toolMessages(body).at(-1))}` }),
    ]);
    const cleanEnv = { ...process.env };
    for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL"]) delete cleanEnv[name];
    // started from the folder holding sales.csv: `pnpm --dir <repo> example ...` keeps INIT_CWD there
    const run = await new Promise<Run>((resolve, reject) => {
      const child = spawn("pnpm", ["--silent", "--dir", repoRoot, "example", "interpreter", "--backend", "cpython", "--files", "sales.csv", "--out", "out-chat"], {
        cwd: work,
        env: { ...cleanEnv, OPENAI_BASE_URL: server!.url, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "scripted-model" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end("how many rows?\ny\nand the max price?\ny\n");
    });
    expect(run.stdout).toContain("rows: 5");
    expect(run.stdout).toContain("max: 50");
    expect(run.code).toBe(0);
  });

  it.each(backends)("$backend: reads sales.csv, groups, plots a bar chart and answers", async ({ backend, code, means, image }) => {
    const outDir = join(work, `out-${backend}`);
    server = await startScriptedServer([
      reply({ content: "Let me look at the data.", toolCalls: [{ name: "python", arguments: { code } }] }),
      (body) => reply({ content: `Average price per category:\n${messageText(toolMessages(body)[0])}` }),
    ]);
    const run = await runExample(
      ["--backend", backend, "--files", salesCsv, "--out", outDir, "--yes", "What is the average price per category in sales.csv? Plot it."],
      { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "scripted-model" },
    );
    expect(run.stderr).not.toMatch(/cannot start|Error/);
    expect(run.code).toBe(0);

    // the model was told which file it has
    const [first, second] = server.chatRequests();
    expect(first?.tools?.[0]?.function.description).toContain("sales.csv (");
    // it read back the means and the saved chart's name
    const toolResult = messageText(toolMessages(second!)[0]);
    expect(toolResult).toMatch(means);
    expect(toolResult).toMatch(image);
    expect(toolResult).toContain("image/png");

    // the human sees the chart's path; the file is a real PNG of a sensible size
    const saved = readdirSync(outDir).filter((name) => name.endsWith(".png"));
    expect(saved).toHaveLength(1);
    const chart = join(outDir, saved[0]!);
    expect(run.stdout).toContain(`saved image: ${chart}`);
    const { width, height } = pngSize(readFileSync(chart));
    expect(width).toBeGreaterThanOrEqual(100);
    expect(height).toBeGreaterThanOrEqual(50);
    expect(run.stdout).toMatch(/Average price per category:/);
  });
});
