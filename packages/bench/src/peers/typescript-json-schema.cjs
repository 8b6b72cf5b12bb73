// Peer runner: typescript-json-schema's public API asked for one schema document holding every
// `*Params` interface of the given files (required + strictNullChecks, as pydantic-like output needs).
// usage: node typescript-json-schema.cjs <tsconfig> <out.json> <files...>
"use strict";
const { writeFileSync, readFileSync } = require("node:fs");
const { dirname } = require("node:path");
const TJS = require("typescript-json-schema");

const [tsconfig, out, ...files] = process.argv.slice(2);
const { compilerOptions } = JSON.parse(readFileSync(tsconfig, "utf8"));
const program = TJS.getProgramFromFiles(files, compilerOptions, dirname(tsconfig));
const generator = TJS.buildGenerator(program, { required: true, strictNullChecks: true, ref: true });
if (generator === null) process.exit(1); // it printed the type errors
const names = generator.getUserSymbols().filter((name) => name.endsWith("Params"));
const schema = generator.getSchemaForSymbols(names);
writeFileSync(out, JSON.stringify(schema, null, 2));
console.log(`${names.length} types`);
