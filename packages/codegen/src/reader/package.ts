/**
 * Tools from an installed package (`--package NAME`): the declaration file its `types`/`exports` name
 * for an ESM import, found the way TypeScript finds it from the project's folder, and the functions the
 * module exports - through the checker, so re-export lists, `export *` barrels and an `export =`
 * namespace (a CommonJS package such as `validator`) all count.
 */
import path from "node:path";
import type { ts } from "ts-morph";
import type { Compiler } from "./context.js";
import type { ExportedFunction, FunctionLike } from "./exports.js";

export interface PackageEntry {
  /** The declaration file the package's types start at. */
  readonly file: string;
}

/** The package's entry declaration file, or why it cannot be found. */
export function resolvePackageTypes(name: string, cwd: string, ts: Compiler): PackageEntry | { readonly problem: string } {
  const importer = path.join(cwd, "__toolsmith_package_import__.mts");
  const attempts: [ts.ModuleResolutionKind, ts.ResolutionMode][] = [
    [ts.ModuleResolutionKind.NodeNext, ts.ModuleKind.ESNext],
    [ts.ModuleResolutionKind.NodeNext, ts.ModuleKind.CommonJS],
    [ts.ModuleResolutionKind.Bundler, undefined],
  ];
  for (const [moduleResolution, mode] of attempts) {
    const options: ts.CompilerOptions = { moduleResolution, module: ts.ModuleKind.NodeNext, allowJs: false };
    const resolved = ts.resolveModuleName(name, importer, options, ts.sys, undefined, undefined, mode).resolvedModule;
    if (resolved && /\.d\.[mc]?ts$/.test(resolved.resolvedFileName)) return { file: resolved.resolvedFileName };
  }
  return {
    problem: `cannot find the type declarations of the package \`${name}\` from ${cwd}`,
  };
}

export interface PackageExports {
  readonly functions: ExportedFunction[];
  /** How the registry imports them: by name, or as members of the default export (`export =`). */
  readonly access: "named" | "default";
}

/** The functions the entry module exports, in export order. */
export function packageFunctions(entry: ts.SourceFile, checker: ts.TypeChecker, ts: Compiler): PackageExports {
  const moduleSymbol = checker.getSymbolAtLocation(entry);
  if (!moduleSymbol) return { functions: [], access: "named" };
  const access = moduleSymbol.exports?.has(ts.InternalSymbolName.ExportEquals) ? "default" : "named";
  const functions: ExportedFunction[] = [];
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    if (symbol.name === "default") continue;
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declarations = functionDeclarations(target, checker, ts);
    const [first] = declarations;
    if (!first) continue;
    const nameNode = ts.getNameOfDeclaration(first.kind === ts.SyntaxKind.FunctionType ? (first.parent as ts.VariableDeclaration) : first) ?? first;
    const docHost = first.kind === ts.SyntaxKind.FunctionType ? first.parent.parent.parent : first;
    functions.push({ name: symbol.name, nameNode, declarations, docHost });
  }
  return { functions, access };
}

/**
 * `declare function f(...)` (each overload), `declare const f: (...) => R`, or `declare const f: typeof g`
 * (followed to `g`, as `@types/validator` declares `isEmail`).
 */
function functionDeclarations(symbol: ts.Symbol, checker: ts.TypeChecker, ts: Compiler, depth = 0): FunctionLike[] {
  const declarations = symbol.declarations ?? [];
  const functions = declarations.filter(ts.isFunctionDeclaration);
  if (functions.length) return functions;
  const variable = declarations.find(ts.isVariableDeclaration);
  if (variable?.type && ts.isFunctionTypeNode(variable.type)) return [variable.type];
  if (variable?.type && ts.isTypeQueryNode(variable.type) && depth < 8) {
    const queried = checker.getSymbolAtLocation(variable.type.exprName);
    if (!queried) return [];
    const target = queried.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(queried) : queried;
    return functionDeclarations(target, checker, ts, depth + 1);
  }
  return [];
}
