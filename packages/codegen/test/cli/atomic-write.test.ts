/** All-or-nothing writes: a failure part-way through leaves every output exactly as it was. */
import { mkdirSync, readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { writeOutputsAtomically } from "../../src/output/atomic-write.js";
import { TempProject } from "./support.js";

let project: TempProject;
afterEach(() => project.dispose());

describe("writeOutputsAtomically", () => {
  it("writes new and changed files, leaves unchanged ones alone, and leaves no temporaries", async () => {
    project = new TempProject({ "same.txt": "same", "old.txt": "old" });
    const mtime = project.mtime("same.txt");
    const report = await writeOutputsAtomically([
      { path: project.path("same.txt"), text: "same" },
      { path: project.path("old.txt"), text: "new" },
      { path: project.path("deep/er/created.txt"), text: "created" },
    ]);
    expect(report).toEqual({
      written: [project.path("old.txt"), project.path("deep/er/created.txt")],
      unchanged: [project.path("same.txt")],
    });
    expect([project.read("same.txt"), project.read("old.txt"), project.read("deep/er/created.txt")]).toEqual(["same", "new", "created"]);
    expect(project.mtime("same.txt")).toBe(mtime);
    expect(readdirSync(project.root).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("restores the files it already replaced when a later one cannot be written", async () => {
    project = new TempProject({ "first.txt": "first, old" });
    const before = project.mtime("first.txt");
    mkdirSync(project.path("second.txt")); // a folder where a file should go: its write must fail
    await expect(
      writeOutputsAtomically([
        { path: project.path("first.txt"), text: "first, new" },
        { path: project.path("new/third.txt"), text: "third" },
        { path: project.path("second.txt"), text: "second" },
      ]),
    ).rejects.toThrow();
    expect(project.read("first.txt")).toBe("first, old");
    expect(project.mtime("first.txt")).toBe(before);
    expect(project.exists("new")).toBe(false);
    expect(readdirSync(project.root).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
