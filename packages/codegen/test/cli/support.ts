/** Temp projects and an in-process `toolsmith` for the CLI tests. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { main } from "../../src/cli.js";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const runtimeSource = path.join(repoRoot, "packages/runtime/src");

/**
 * A throwaway ESM project in the OS temp folder, like a user's project that installed `@toolsmith/runtime`.
 */
export class TempProject {
  readonly root: string;

  constructor(files: Record<string, string> = {}) {
    this.root = mkdtempSync(path.join(tmpdir(), "toolsmith-cli-"));
    this.write("package.json", JSON.stringify({ type: "module" }));
    this.installRuntimeTypes();
    for (const [file, text] of Object.entries(files)) this.write(file, text);
  }

  /**
   * `@toolsmith/runtime` as the generated code and the tools see it: its real `Registry`/`ToolSpec`/`Int`
   * (and stale-check) types from this repo's source, without compiling the whole runtime on every type-check.
   */
  private installRuntimeTypes(): void {
    const source = (file: string) => {
      const relative = path.relative(path.join(this.root, "node_modules/@toolsmith/runtime"), path.join(runtimeSource, file));
      return relative.split(path.sep).join("/");
    };
    this.write(
      "node_modules/@toolsmith/runtime/package.json",
      JSON.stringify({ name: "@toolsmith/runtime", type: "module", exports: { ".": { types: "./index.d.ts", default: "./index.js" } } }),
    );
    this.write(
      "node_modules/@toolsmith/runtime/index.d.ts",
      [
        `export type { Registry, ToolSpec } from "${source("registry.js")}";`,
        `export type { JsonSchema, ObjectSchema } from "${source("json-schema.js")}";`,
        `export type { Int } from "${source("int.js")}";`,
        `export type { SchemaCurrent, SchemaMatch } from "${source("stale-check.js")}";`,
      ].join("\n"),
    );
    this.write("node_modules/@toolsmith/runtime/index.js", "export {};\n");
  }

  path(file: string): string {
    return path.join(this.root, file);
  }

  write(file: string, text: string): void {
    mkdirSync(path.dirname(this.path(file)), { recursive: true });
    writeFileSync(this.path(file), text);
  }

  read(file: string): string {
    return readFileSync(this.path(file), "utf8");
  }

  exists(file: string): boolean {
    try {
      statSync(this.path(file));
      return true;
    } catch {
      return false;
    }
  }

  /** Modification time in ns: proves a file was not rewritten. */
  mtime(file: string): bigint {
    return statSync(this.path(file), { bigint: true }).mtimeNs;
  }

  /** `toolsmith ...argv` in-process, with this project as the working directory. */
  async run(...argv: string[]): Promise<RunResult> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io = { cwd: this.root, stdout: (t: string) => stdout.push(t), stderr: (t: string) => stderr.push(t) };
    const status = await main(argv, { io });
    return { status, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  }

  /**
   * Type-checks these files (and what they import) with the repo's strict settings; returns tsc's messages.
   */
  typecheck(...files: string[]): string[] {
    const program = ts.createProgram(
      files.map((file) => this.path(file)),
      {
        strict: true,
        noEmit: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2023,
        lib: ["lib.es2023.d.ts"],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        customConditions: ["source"],
        types: ["node"],
        typeRoots: [path.join(repoRoot, "node_modules/@types")],
      },
    );
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.relative(this.root, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** The pydantic-style sums, the seed's running example. */
export const SUMS = `import type { Int } from "@toolsmith/runtime";

/** Adds a + b */
export function sums(a: Int, b: Int = 1): number {
  return a + b;
}
`;
