import { createServer } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";

// Pyodide cold starts (and restarts) take seconds, more on a busy machine running every test file at once.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { createToolbox } from "../../src/toolbox.js";
import { confirmOnTerminal, frameCode, LineQueue } from "../../src/interpreter/confirm.js";
import { createInterpreterTools } from "../../src/interpreter/create-tools.js";
import { closeWarmSpares } from "../../src/interpreter/python-session.js";
import { registry } from "../../src/interpreter/tools.generated.js";

/** A terminal stand-in: what was typed (then end of input) and everything written back. */
function terminal(typed: string | null) {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.on("data", (chunk: Buffer) => (written += chunk.toString()));
  if (typed !== null) input.write(typed);
  input.end();
  return { input, output, written: () => written };
}

const request = { tool: "python", arguments: { code: "import math\nmath.factorial(12)" } };

describe("confirmOnTerminal", () => {
  const answers: { typed: string | null; approved: boolean }[] = [
    { typed: "y\n", approved: true },
    { typed: "yes\n", approved: false }, // the seed approves only y
    { typed: " Y \n", approved: true },
    { typed: "n\n", approved: false },
    { typed: "yep\n", approved: false },
    { typed: "\n", approved: false },
    { typed: "", approved: false },
    { typed: "y", approved: true }, // a last line without a newline still counts
    { typed: null, approved: false },
  ];

  it.each(answers)("answer $typed -> approved: $approved", async ({ typed, approved }) => {
    const tty = terminal(typed);
    const confirm = confirmOnTerminal({ input: tty.input, output: tty.output });
    expect(await confirm(request)).toBe(approved);
    expect(tty.written()).toContain("```python\nimport math\nmath.factorial(12)\n```\n");
    expect(tty.written()).toContain("Proceed with execution? [y/N] ");
    confirm.close();
  });

  it.each(["yes", "ok"])("says why %j refused: only `y` runs the code", async (typed) => {
    const tty = terminal(`${typed}\n`);
    const confirm = confirmOnTerminal({ input: tty.input, output: tty.output });
    expect(await confirm(request)).toBe(false);
    expect(tty.written()).toContain(`("${typed}" is not \`y\`: only \`y\` runs the code; not running it; the model is told #FAIL#)`);
    confirm.close();
  });

  it("approves without reading anything with yes: true", async () => {
    const input = new PassThrough();
    const tty = terminal(null);
    const confirm = confirmOnTerminal({ input, output: tty.output, yes: true });
    expect(await confirm(request)).toBe(true);
    expect(tty.written()).toContain("```python\n");
    expect(input.readableFlowing).toBeNull(); // never started reading stdin
  });

  it("shares one line queue between questions (answers are consumed in order)", async () => {
    const tty = terminal("y\nn\nsecond prompt line\n");
    const lines = new LineQueue(tty.input);
    const confirm = confirmOnTerminal({ lines, output: tty.output });
    expect(await confirm(request)).toBe(true);
    expect(await confirm(request)).toBe(false);
    expect(await lines.next()).toBe("second prompt line");
    expect(await lines.next()).toBeNull();
  });

  it("frames code that itself contains a fence with a longer fence", () => {
    expect(frameCode({ tool: "javascript", arguments: { code: "s = '```'" } })).toBe("````javascript\ns = '```'\n````\n");
  });
});

describe("interpreter tools", () => {
  const conversations = [createInterpreterTools(), createInterpreterTools()];
  afterAll(() => {
    for (const conversation of conversations) conversation.close();
    closeWarmSpares();
  });

  it("reuse the schemas the codegen generated from tools.ts, with confirmation required", () => {
    const [first] = conversations;
    expect(first!.tools.map((tool) => tool.name)).toEqual(["python", "javascript"]);
    for (const tool of first!.tools) {
      const generated = registry[tool.name as "python" | "javascript"];
      expect(tool.description).toBe(generated.description);
      expect(tool.parameters).toEqual(generated.parameters);
      expect(tool.params).toEqual(["code"]);
      expect(tool.confirm).toBe(true);
    }
    expect(registry.python.description).toBe(
      "Return result of executing `code` using python. If execution not permitted, returns `#FAIL#`",
    );
  });

  it("offer only the languages asked for", () => {
    const only = createInterpreterTools({ languages: ["javascript"] });
    expect(only.tools.map((tool) => tool.name)).toEqual(["javascript"]);
    only.close();
  });

  it("refused confirmation gives the model #FAIL# and runs nothing", async () => {
    const [first] = conversations;
    const tty = terminal("n\n");
    const toolbox = createToolbox(first!.tools, { confirm: confirmOnTerminal({ input: tty.input, output: tty.output }) });
    const result = await toolbox.call({ name: "javascript", arguments: { code: "globalThis.ran = true" } });
    expect(result).toMatchObject({ ok: false, content: "#FAIL#" });
    const approved = createToolbox(first!.tools, { confirm: () => true });
    expect((await approved.call({ name: "javascript", arguments: { code: "typeof ran" } })).content).toBe('"undefined"');
  });

  it("keep state per conversation", async () => {
    const [first, second] = conversations;
    const one = createToolbox(first!.tools, { confirm: () => true });
    const two = createToolbox(second!.tools, { confirm: () => true });
    await one.call({ name: "javascript", arguments: { code: "var owner = 'first'" } });
    expect((await one.call({ name: "javascript", arguments: { code: "owner" } })).content).toBe('"first"');
    expect((await two.call({ name: "javascript", arguments: { code: "typeof owner" } })).content).toBe('"undefined"');
    await first!.reset();
    expect((await one.call({ name: "javascript", arguments: { code: "typeof owner" } })).content).toBe('"undefined"');
  });

  it("run python approved on the terminal and return what the cell shows", async () => {
    const [first] = conversations;
    const tty = terminal("y\n");
    const toolbox = createToolbox(first!.tools, { confirm: confirmOnTerminal({ input: tty.input, output: tty.output }) });
    const result = await toolbox.call({
      name: "python",
      arguments: { code: "import math\nprint('computing')\nmath.factorial(12)" },
    });
    expect(result).toMatchObject({ ok: true, content: "computing\n479001600" });
  });

  it("keep python off the network with the default launcher too (empty namespace where allowed)", async () => {
    // Default options but a generous time limit (not what is tested): importing urllib can take a loaded
    // machine past the default 5 s, and a timeout would hide whether the connection was refused.
    const own = createInterpreterTools({ languages: ["python"], python: { timeoutMs: 120_000 } });
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const toolbox = createToolbox(own.tools, { confirm: () => true });
      const result = await toolbox.call({
        name: "python",
        arguments: { code: `import urllib.request\nurllib.request.urlopen('http://127.0.0.1:${port}/').read()` },
      });
      expect(result.content).toMatch(/URLError/);
      expect(connections).toBe(0);
    } finally {
      own.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 300_000);
});
