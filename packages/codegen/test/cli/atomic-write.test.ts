/** All-or-nothing writes: a failure part-way through leaves every output exactly as it was. */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { holdsAlready, writeOutputsAtomically } from "../../src/output/atomic-write.js";
import { WrittenOutputs } from "../../src/output/written-outputs.js";
import { TempProject } from "./support.js";

let project: TempProject;
afterEach(() => project.dispose());

describe("writeOutputsAtomically", () => {
  it("writes new and changed files, leaves unchanged ones alone, and leaves no temporaries", () => {
    project = new TempProject({ "same.txt": "same", "old.txt": "old" });
    const mtime = project.mtime("same.txt");
    const report = writeOutputsAtomically([
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

  it("tells a file unchanged by its bytes, without a memory: same length other bytes, other UTF-8 length, pieces", () => {
    project = new TempProject({ "a.txt": "héllo", "b.txt": "hello", "c.txt": "[1, 2]\n" });
    const mtimes = ["a.txt", "b.txt", "c.txt"].map((name) => project.mtime(name));
    expect(holdsAlready({ path: project.path("a.txt"), text: "héllo" })).toBe(true);
    // As many characters, one more byte; then as many bytes, others.
    expect(holdsAlready({ path: project.path("b.txt"), text: "héllo" })).toBe(false);
    expect(holdsAlready({ path: project.path("b.txt"), text: "hellp" })).toBe(false);
    expect(holdsAlready({ path: project.path("missing.txt"), text: "" })).toBe(false);
    const pieces = (...texts: string[]) => ({ path: project.path("c.txt"), text: texts.join(""), pieces: texts.map((t) => Buffer.from(t)) });
    expect(holdsAlready(pieces("[1, ", "2]\n"))).toBe(true);
    expect(holdsAlready(pieces("[1, ", "3]\n"))).toBe(false);
    const report = writeOutputsAtomically([
      { path: project.path("a.txt"), text: "héllo" },
      { path: project.path("b.txt"), text: "hellp" },
      pieces("[1, ", "2]\n"),
    ]);
    expect(report).toEqual({ written: [project.path("b.txt")], unchanged: [project.path("a.txt"), project.path("c.txt")] });
    expect([project.mtime("a.txt"), project.mtime("c.txt")]).toEqual([mtimes[0], mtimes[2]]);
    expect(project.read("b.txt")).toBe("hellp");
  });

  it("writes a text given in pieces, tells it unchanged piece by piece, and builds the text only when it must", () => {
    project = new TempProject({ "out.json": "[1, 2]\n" });
    const memory = new WrittenOutputs();
    let built = 0;
    const output = (pieces: Buffer[]) => ({
      path: project.path("out.json"),
      get text() {
        built++;
        return Buffer.concat(pieces).toString("utf8");
      },
      pieces,
    });
    const [a, b, c] = [Buffer.from("[1, "), Buffer.from("2]\n"), Buffer.from("3]\n")];
    // First, the memory knows nothing: the file is read, and compared with the text.
    expect(writeOutputsAtomically([output([a, b])], memory).unchanged).toEqual([project.path("out.json")]);
    expect(built).toBe(1);
    // Then what it read is compared with the pieces, which it keeps; a piece with other bytes is written.
    expect(writeOutputsAtomically([output([a, b])], memory).written).toEqual([]);
    expect(writeOutputsAtomically([output([a, c])], memory).written).toEqual([project.path("out.json")]);
    expect(project.read("out.json")).toBe("[1, 3]\n");
    // New buffers holding the same bytes are the same file; none of this needed the text again.
    expect(writeOutputsAtomically([output([Buffer.from("[1, "), Buffer.from("3]\n")])], memory).written).toEqual([]);
    expect(built).toBe(2);
    // Edited behind the watch's back: read again.
    writeFileSync(project.path("out.json"), "edited");
    expect(writeOutputsAtomically([output([a, c])], memory).written).toEqual([project.path("out.json")]);
    expect(project.read("out.json")).toBe("[1, 3]\n");
    // More pieces than one writev takes (1,024).
    const many = Array.from({ length: 2500 }, (_, index) => Buffer.from(`${index},`));
    writeOutputsAtomically([output(many)], memory);
    expect(project.read("out.json")).toBe(Buffer.concat(many).toString("utf8"));
  });

  it("restores the files it already replaced when a later one cannot be written", () => {
    project = new TempProject({ "first.txt": "first, old" });
    const before = project.mtime("first.txt");
    mkdirSync(project.path("second.txt")); // a folder where a file should go: its write must fail
    expect(() =>
      writeOutputsAtomically([
        { path: project.path("first.txt"), text: "first, new" },
        { path: project.path("new/third.txt"), text: "third" },
        { path: project.path("second.txt"), text: "second" },
      ]),
    ).toThrow();
    expect(project.read("first.txt")).toBe("first, old");
    expect(project.mtime("first.txt")).toBe(before);
    expect(project.exists("new")).toBe(false);
    expect(readdirSync(project.root).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("replaces a single changed file by a rename (a reader sees the old file or the new, never part of one)", () => {
    project = new TempProject({ "out.json": "old" });
    const before = statSync(project.path("out.json")).ino;
    const report = writeOutputsAtomically([{ path: project.path("out.json"), text: "new" }]);
    expect(report.written).toEqual([project.path("out.json")]);
    expect(project.read("out.json")).toBe("new");
    expect(statSync(project.path("out.json")).ino).not.toBe(before);
    expect(readdirSync(project.root).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("fails with an error where a folder cannot be made under an existing parent (Node's recursive mkdir spins there)", () => {
    project = new TempProject({});
    // procfs answers ENOENT to mkdir under an existing folder; elsewhere the root refuses it (EACCES/EROFS).
    expect(() => writeOutputsAtomically([{ path: "/proc/toolsmith-no-such/out/tools.json", text: "{}" }])).toThrow(/ENOENT|EACCES|EROFS|EPERM/);
  });

  it("leaves a single file as it was when its rename fails, with nothing left beside it", () => {
    project = new TempProject({});
    mkdirSync(project.path("out.json")); // a folder where the file should go: the rename fails
    writeFileSync(project.path("out.json/keep.txt"), "kept");
    expect(() => writeOutputsAtomically([{ path: project.path("out.json"), text: "new" }])).toThrow();
    expect(project.read("out.json/keep.txt")).toBe("kept");
    expect(readdirSync(project.root).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
