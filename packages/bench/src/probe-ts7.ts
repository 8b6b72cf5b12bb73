/**
 * What TypeScript 7's native API could give the codegen's reader seam: open the synthetic project in
 * the native compiler and resolve every function's parameter types, walking object types' properties
 * once per type. Not our codegen (no JSDoc, no schemas): a lower bound for a native front end.
 *   node --import tsx --conditions=source src/probe-ts7.ts   (after `pnpm bench -- --only cold`)
 */
import { join } from "node:path";
import { SyntaxKind, type Node } from "typescript7/unstable/ast";
import { API, TypeFlags, type Type } from "typescript7/unstable/sync";
import { TMP_DIR } from "./paths.js";

const root = process.argv[2] ?? join(TMP_DIR, "synth");
const started = performance.now();
const api = new API({ cwd: root });
try {
  const tsconfig = join(root, "tsconfig.json");
  const project = api.updateSnapshot({ openProjects: [tsconfig] }).getProject(tsconfig);
  if (!project) throw new Error(`TypeScript 7 did not open ${tsconfig}`);
  const opened = performance.now();
  const { program, checker } = project;
  const seen = new Set<number>();
  let functions = 0;
  let parameters = 0;
  let properties = 0;
  const walk = (type: Type | undefined, depth: number): void => {
    if (!type || depth > 4 || seen.has(type.id)) return;
    seen.add(type.id);
    if (type.flags & TypeFlags.Object) {
      for (const property of checker.getPropertiesOfType(type)) {
        properties++;
        walk(checker.getTypeOfSymbol(property), depth + 1);
      }
    }
    const members = (type as { types?: readonly Type[] }).types;
    if (type.flags & TypeFlags.Union && members) for (const member of members) walk(member, depth + 1);
  };
  for (const name of program.getSourceFileNames()) {
    if (!name.includes("/src/tools/")) continue;
    const file = program.getSourceFile(name);
    for (const statement of file?.statements ?? []) {
      if (statement.kind !== SyntaxKind.FunctionDeclaration) continue;
      functions++;
      const declaration = statement as unknown as { parameters: readonly { name: Node }[] };
      for (const type of checker.getTypeAtLocation(declaration.parameters.map((p) => p.name))) {
        parameters++;
        walk(type, 0);
      }
    }
  }
  const done = performance.now();
  console.log(
    `${functions} functions, ${parameters} parameter types, ${properties} properties: open ${(opened - started).toFixed(0)} ms, resolve ${(done - opened).toFixed(0)} ms, total ${(done - started).toFixed(0)} ms`,
  );
} finally {
  api.close();
}
