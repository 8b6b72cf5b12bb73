/**
 * The analysis entry points. SKELETON: handles exported functions with primitive parameters only;
 * the full reader/IR/emitter pipeline replaces the body.
 */
import path from "node:path";
import { Node, Project, type FunctionDeclaration, type ParameterDeclaration } from "ts-morph";
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Diagnostic, ParamModel, ToolModel } from "./model.js";
import type { JsonSchema } from "@toolsmith/runtime";

export function analyze(options: AnalyzeOptions): AnalyzeResult {
  return createAnalyzer(options).analyze();
}

export function createAnalyzer(options: AnalyzeOptions): Analyzer {
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { strict: true } });
  const files = options.files.map((f) => path.resolve(f));
  for (const f of files) project.addSourceFileAtPath(f);
  return {
    analyze: () => analyzeProject(project, files, options),
    update: (changed) => {
      for (const f of changed) project.getSourceFile(path.resolve(f))?.refreshFromFileSystemSync();
    },
  };
}

function analyzeProject(project: Project, files: string[], options: AnalyzeOptions): AnalyzeResult {
  const tools: ToolModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const titled = options.style === "pydantic";
  for (const file of files) {
    const sf = project.getSourceFile(file);
    if (!sf) continue;
    for (const fn of sf.getFunctions()) {
      if (!fn.isExported()) continue;
      const name = fn.getName() ?? "default";
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      const params: ParamModel[] = fn.getParameters().map((p) => {
        const n = p.getName();
        properties[n] = paramSchema(p, titled);
        if (!p.hasInitializer() && !p.hasQuestionToken()) required.push(n);
        return { name: n, optional: p.hasQuestionToken(), hasDefault: p.hasInitializer() };
      });
      const description = summary(fn);
      const pos = sf.getLineAndColumnAtPos(fn.getNameNode()?.getStart() ?? fn.getStart());
      tools.push({
        name,
        file,
        line: pos.line,
        column: pos.column,
        ...(description !== undefined ? { description } : {}),
        parameters: {
          properties,
          ...(required.length ? { required } : {}),
          ...(titled ? { title: `Input for \`${name}\`` } : {}),
          type: "object",
        },
        callStyle: "positional",
        params,
        isAsync: fn.isAsync(),
        confirm: fn.getJsDocs().some((d) => d.getTags().some((t) => t.getTagName() === "confirm")),
      });
    }
  }
  return { tools, diagnostics };
}

function summary(fn: FunctionDeclaration): string | undefined {
  const doc = fn.getJsDocs().at(-1);
  return doc ? doc.getDescription().trim() : undefined;
}

function paramSchema(p: ParameterDeclaration, titled: boolean): JsonSchema {
  const t = p.getType();
  const text = p.getTypeNode()?.getText();
  const type = text === "Int" ? "integer" : t.isString() ? "string" : t.isNumber() ? "number" : t.isBoolean() ? "boolean" : undefined;
  const init = p.getInitializer();
  const def = init && Node.isLiteralExpression(init) ? (JSON.parse(init.getText()) as unknown) : undefined;
  const title = p.getName().charAt(0).toUpperCase() + p.getName().slice(1).toLowerCase();
  return {
    ...(def !== undefined ? { default: def as number } : {}),
    ...(titled ? { title } : {}),
    ...(type ? { type } : {}),
  };
}
