// Peer runner: ts-json-schema-generator's public API asked for one schema document holding every
// `*Params` interface of the given files. Plain node, no TypeScript loader: the way a user runs the peer.
// usage: node ts-json-schema-generator.cjs <tsconfig> <out.json> [--no-type-check] <files...>
"use strict";
const { writeFileSync } = require("node:fs");
const tsj = require("ts-json-schema-generator");
const ts = require(require.resolve("typescript", { paths: [require.resolve("ts-json-schema-generator")] }));

const [tsconfig, out, ...rest] = process.argv.slice(2);
const skipTypeCheck = rest[0] === "--no-type-check";
const files = skipTypeCheck ? rest.slice(1) : rest;
const config = { tsconfig, type: "*", expose: "export", jsDoc: "extended", topRef: true, skipTypeCheck };

// createProgram takes one path (a glob); hand it the files through the program's root names instead.
const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
if (!skipTypeCheck) {
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    console.error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" }));
    process.exit(1);
  }
}
const generator = new tsj.SchemaGenerator(program, tsj.createParser(program, config), tsj.createFormatter(config), config);
const roots = new Set(files.map((f) => require("node:path").resolve(f)));
const nodes = [];
for (const sourceFile of program.getSourceFiles()) {
  if (!roots.has(require("node:path").resolve(sourceFile.fileName))) continue;
  for (const statement of sourceFile.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text.endsWith("Params")) nodes.push(statement);
  }
}
const schema = generator.createSchemaFromNodes(nodes);
writeFileSync(out, JSON.stringify(schema, null, 2));
console.log(`${nodes.length} types`);
