// Code mode through the cpython backend (Debian's python3 in bubblewrap): the same bridge over its pipes.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { createInterpreterTools } from "../../src/interpreter/create-tools.js";
import { CODE_MODE_LIMITS, codeModeFixture, pythonCallTests } from "../support/code-mode-fixture.js";

const fixture = codeModeFixture();
const tools = createInterpreterTools({ backend: "cpython", languages: ["python"], tools: fixture.toolbox, codeMode: CODE_MODE_LIMITS });
fixture.interpreters = tools;
const python = (code: string) => tools.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;
afterAll(() => tools.close());

pythonCallTests(fixture, { backend: "cpython", interpreters: tools, label: "cpython" });

describe("cpython calling tools", () => {
  it("calls from threads queue one at a time; the host keeps working", async () => {
    expect(await python("import threading, tools\nout = []\nts = [threading.Thread(target=lambda i=i: out.append(tools.sums(i, 1))) for i in range(8)]\n[t.start() for t in ts]\n[t.join() for t in ts]\nsorted(out)")).toBe("[1, 2, 3, 4, 5, 6, 7, 8]");
    expect(await python("tools.sums(2, 3)")).toBe("5");
  });

  it("a thread's call still out when the run ends: the sandbox restarts, the host keeps working", async () => {
    await python("import threading, time, tools\nthreading.Thread(target=lambda: tools.call('wait')).start()\ntime.sleep(0.2)");
    const after = await python("import tools\ntools.sums(4, 4)");
    expect(after).toMatch(/restarted/);
    expect(after).toMatch(/8$/);
  });
});
