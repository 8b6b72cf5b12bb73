/**
 * A seeded generator of the synthetic project the codegen benchmarks run on: exported, JSDoc-documented
 * functions spread over files, with the parameter types users write and bodies of realistic size (so a
 * type checker has real work to do), plus per function a `XxxParams` interface describing the same
 * parameters, which the schema-generator peers are pointed at. The same seed always gives the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SynthOptions {
  /** Total exported functions (spread evenly over `files`). */
  readonly functions: number;
  readonly files: number;
  readonly seed: number;
  /**
   * false: every body is a one-line stub (same signatures, JSDoc and types). Not a benchmark input: it
   * measures how much of a tool's time goes to parsing and checking bodies.
   */
  readonly bodies?: boolean;
  /**
   * "heavy" (default): the shapes above with realistic bodies. "shared": trivial one-line bodies and
   * more parameters of shared and utility types (Omit, Pick, Partial, Record, a recursive tree and a
   * recursive union alias, a generic page): the work is in the types, not in the bodies.
   */
  readonly shape?: "heavy" | "shared";
}

export interface SynthFile {
  /** Path relative to the project root, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface SynthFunction {
  readonly name: string;
  /** The interface the peers generate a schema for. */
  readonly paramsType: string;
  /** Relative path of the file that declares both. */
  readonly file: string;
  readonly summary: string;
  readonly callStyle: "positional" | "object";
}

export interface SynthProject {
  readonly files: readonly SynthFile[];
  readonly functions: readonly SynthFunction[];
  /** The tool files (what `toolsmith codegen` and the peers are given), relative paths. */
  readonly toolFiles: readonly string[];
}

export const DEFAULT_SYNTH: SynthOptions = { functions: 1000, files: 100, seed: 20261125 };

/** mulberry32: tiny, fast, and the same sequence on every platform. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    chance: (p) => next() < p,
  };
}

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/**
 * The shared models every tool file imports. `Int` is declared here with the runtime's exact shape rather
 * than imported from @toolsmith/runtime, so every compiler in the benchmark resolves the same small
 * project (resolving the runtime from source would make `tsc` type-check the whole runtime too).
 */
const MODELS = `declare const integerBrand: unique symbol;

/** An integer: any number is assignable; the codegen emits {"type": "integer"}. */
export type Int = number & { readonly [integerBrand]?: "Int" };

/** A display colour. */
export enum Color {
  Red = "red",
  Green = "green",
  Blue = "blue",
}

/** How urgent something is. */
export enum Priority {
  Low = 1,
  Medium = 2,
  High = 3,
}

/** A sales region. */
export enum Region {
  Eu = "eu",
  Us = "us",
  Apac = "apac",
}

/** A point on the globe. */
export interface GeoPoint {
  /**
   * Latitude in degrees.
   * @minimum -90
   * @maximum 90
   */
  lat: number;
  /**
   * Longitude in degrees.
   * @minimum -180
   * @maximum 180
   */
  lon: number;
}

/** A postal address. */
export interface Address {
  street: string;
  city: string;
  /** Postal code, when the country has one. */
  zip?: string;
  /** ISO 3166 alpha-2 country code. */
  country: string;
  geo?: GeoPoint | null;
}

/** A customer of the shop. */
export interface Customer {
  id: Int;
  name: string;
  /** @format email */
  email: string;
  address: Address;
  tags: string[];
  region: Region;
}

/** An amount of money. */
export interface Money {
  amount: number;
  currency: "USD" | "EUR" | "GBP";
}

/** One line of an order. */
export interface OrderLine {
  sku: string;
  /** @minimum 1 */
  quantity: Int;
  price: Money;
  note?: string;
}

/** A closed time interval. */
export interface DateRange {
  from: Date;
  to: Date;
}

/** Which page of results to return. */
export interface Paging {
  /** @minimum 1 */
  page: Int;
  /**
   * @minimum 1
   * @maximum 100
   */
  size: Int;
}

/** A customer reference: just enough to find one. */
export type CustomerRef = Pick<Customer, "id" | "name">;

/** An address without coordinates. */
export type PostalAddress = Omit<Address, "geo">;

/** What every tool returns. */
export interface Summary {
  tool: string;
  score: number;
  checksum: number;
  parts: string[];
}
`;

/** Models the "shared" shape adds: utility types over the shared models, and recursive ones. */
const SHARED_MODELS = `
/** A customer as a patch: every field optional. */
export type CustomerPatch = Partial<Omit<Customer, "id">>;
/** A customer summary. */
export type CustomerCard = Pick<Customer, "id" | "name" | "email" | "region">;
/** Totals per region. */
export type RegionTotals = Record<"eu" | "us" | "apac", Money>;
/** Counters by name. */
export type Counters = Record<string, Int>;
/** A category tree. */
export interface Category {
  name: string;
  /** Sub-categories. */
  children: Category[];
}
/** A filter expression: a leaf test, or an all/any of others. */
export type Expr = { field: string; equals: string } | { all: Expr[] } | { any: Expr[] };
/** One page of a result list. */
export interface Page<T> {
  items: T[];
  /** @minimum 0 */
  total: Int;
  next?: string | null;
}
/** A shipment with its lines, read-only. */
export type ShipmentView = Readonly<{ id: string; lines: OrderLine[]; to: PostalAddress }>;
`;

const SHARED_KINDS: readonly ParamKind[] = [
  { key: "patch", type: "CustomerPatch", doc: "The fields to change.", use: [] },
  { key: "card", type: "CustomerCard", doc: "The customer card.", use: [] },
  { key: "totals", type: "RegionTotals", doc: "Totals per region.", use: [] },
  { key: "counters", type: "Counters", doc: "Counters to add.", use: [] },
  { key: "category", type: "Category", doc: "Where to file it.", use: [] },
  { key: "expr", type: "Expr", doc: "Which rows to keep.", use: [] },
  { key: "page", type: "Page<CustomerCard>", doc: "The previous page.", use: [] },
  { key: "orders", type: "Page<OrderLine>", doc: "Order lines seen so far.", use: [] },
  { key: "shipment", type: "ShipmentView", doc: "The shipment.", use: [] },
  { key: "partialAddress", type: "Partial<Address>", doc: "Address fields to match.", use: [] },
  { key: "moneyByName", type: "Record<string, Money>", doc: "Amounts by account name.", use: [] },
  { key: "noGeo", type: "Omit<Address, \"geo\" | \"zip\">", doc: "An address without coordinates or zip.", use: [] },
];

/** One parameter kind: how it is declared, described to the peers, and used in the body. */
interface ParamKind {
  readonly key: string;
  /** Declared type, as written in the signature and in the Params interface. */
  readonly type: string;
  /** Initializer in the signature; the Params property becomes optional with `@default`. */
  readonly init?: string;
  /** JSON of the default, for the peers' `@default`. */
  readonly defaultJson?: string;
  readonly optional?: boolean;
  readonly doc: string;
  /** Body statements that use the parameter (`$` is its name). */
  readonly use: readonly string[];
}

const REQUIRED_KINDS: readonly ParamKind[] = [
  { key: "str", type: "string", doc: "A free-text label.", use: ["parts.push(normalize($));"] },
  { key: "num", type: "number", doc: "A weight between 0 and 1.", use: ["score += Math.round($ * 100) / 100;"] },
  { key: "bool", type: "boolean", doc: "Whether to include archived rows.", use: ["if ($) {", "  score += 1;", '  parts.push("flag");', "}"] },
  { key: "int", type: "Int", doc: "A row count.", use: ["score += $ % 7;"] },
  { key: "sort", type: '"asc" | "desc"', doc: "Sort direction.", use: ['parts.push($ === "asc" ? "up" : "down");'] },
  { key: "level", type: '"low" | "medium" | "high"', doc: "Detail level.", use: ["parts.push($.toUpperCase());"] },
  { key: "color", type: "Color", doc: "The colour to paint with.", use: ["parts.push($);"] },
  { key: "prio", type: "Priority", doc: "How urgent the work is.", use: ["score += $ * 2;"] },
  { key: "customer", type: "Customer", doc: "The customer concerned.", use: ["parts.push($.name, $.address.city);", "score += $.tags.length + $.id;"] },
  { key: "address", type: "Address | null", doc: "Where to ship, if anywhere.", use: ["if ($ !== null) {", "  parts.push($.city, $.country);", "  score += $.geo ? $.geo.lat : 0;", "}"] },
  { key: "tags", type: "string[]", doc: "Tags to match.", use: ["for (const tag of $) {", "  parts.push(normalize(tag));", "}"] },
  { key: "lines", type: "OrderLine[]", doc: "The order lines.", use: ["for (const line of $) {", "  score += line.quantity * line.price.amount;", "  parts.push(line.sku);", "}"] },
  { key: "amounts", type: "Array<Money>", doc: "Amounts to add up.", use: ["score += $.reduce((sum, m) => sum + m.amount, 0);"] },
  { key: "labels", type: "readonly string[]", doc: "Labels to attach.", use: ["parts.push(...$);"] },
  { key: "weights", type: "Record<string, number>", doc: "Weight per field.", use: ["for (const [key, weight] of Object.entries($)) {", "  parts.push(key);", "  score += weight;", "}"] },
  { key: "when", type: "Date", doc: "When it happened.", use: ["score += $.getTime() % 1000;"] },
  { key: "range", type: "DateRange", doc: "The period to cover.", use: ["score += ($.to.getTime() - $.from.getTime()) / 86_400_000;"] },
  { key: "ref", type: "CustomerRef", doc: "Which customer.", use: ["parts.push($.name);", "score += $.id;"] },
  { key: "postal", type: "PostalAddress", doc: "The billing address.", use: ["parts.push($.street, $.zip ?? \"-\");"] },
  { key: "nullableNum", type: "number | null", doc: "A threshold, or null for none.", use: ["score += $ ?? 0;"] },
  { key: "filter", type: "Filter", doc: "Which rows to keep.", use: ["parts.push($.field + $.op + String($.value));"] },
];

const DEFAULTED_KINDS: readonly ParamKind[] = [
  { key: "limit", type: "Int", init: "10", defaultJson: "10", doc: "How many rows at most.", use: ["score += Math.min($, parts.length);"] },
  { key: "verbose", type: "boolean", init: "false", defaultJson: "false", doc: "Explain each step.", use: ["if ($) {", '  parts.push("verbose");', "}"] },
  { key: "mode", type: "string", init: '"auto"', defaultJson: '"auto"', doc: "Processing mode.", use: ["parts.push($);"] },
  { key: "ratio", type: "number", init: "0.5", defaultJson: "0.5", doc: "Sampling ratio.", use: ["score *= $;"] },
  { key: "offset", type: "Int", init: "-1", defaultJson: "-1", doc: "Offset from the end.", use: ["score += $;"] },
  { key: "order", type: '"asc" | "desc"', init: '"asc"', defaultJson: '"asc"', doc: "Sort direction.", use: ['if ($ === "desc") {', "  parts.reverse();", "}"] },
  { key: "tint", type: "Color", init: "Color.Blue", defaultJson: '"blue"', doc: "Highlight colour.", use: ["parts.push($);"] },
  { key: "urgency", type: "Priority", init: "Priority.Medium", defaultJson: "2", doc: "Urgency of the job.", use: ["score += $;"] },
  { key: "paging", type: "Paging", init: "{ page: 1, size: 20 }", defaultJson: '{"page":1,"size":20}', doc: "Which page to return.", use: ["score += $.page * $.size;"] },
  { key: "fields", type: "string[]", init: '["id", "name"]', defaultJson: '["id","name"]', doc: "Fields to include.", use: ["parts.push($.join(\",\"));"] },
  { key: "note", type: "string", optional: true, doc: "An optional note.", use: ["if ($ !== undefined) {", "  parts.push($);", "}"] },
  { key: "region", type: "Region", optional: true, doc: "Restrict to one region.", use: ["if ($) {", "  parts.push($);", "}"] },
  { key: "maxAge", type: "Int", optional: true, doc: "Maximum age in days.", use: ["score += $ ?? 30;"] },
  { key: "contact", type: "Customer | null", optional: true, doc: "Who to notify.", use: ["if ($) {", "  parts.push($.email);", "}"] },
];

const VERBS = ["get", "list", "create", "update", "delete", "archive", "sync", "export", "import", "validate", "compute", "schedule", "notify", "approve", "merge", "search", "resolve", "rank", "tag", "audit"];
const NOUNS = ["Invoice", "Order", "Customer", "Shipment", "Ticket", "Report", "Payment", "Product", "Account", "Session", "Message", "Task", "Project", "Asset", "Contract"];
const PHRASES = ["matching the given filters", "for the current period", "and records the outcome", "in the selected region", "with the requested detail", "for one customer", "across all accounts"];

/** Extra body blocks, so each function has a realistic amount of code to check. */
const FILLERS: readonly (readonly string[])[] = [
  [
    "const counts = new Map<string, number>();",
    "for (const part of parts) {",
    "  counts.set(part, (counts.get(part) ?? 0) + 1);",
    "}",
    "for (const [part, count] of counts) {",
    "  if (count > 1) score += part.length * count;",
    "}",
  ],
  [
    "const ranked = [...parts].sort((a, b) => b.length - a.length || a.localeCompare(b));",
    "const top = ranked.slice(0, 3);",
    "score += top.reduce((sum, part) => sum + part.length, 0);",
  ],
  [
    "switch (Math.abs(Math.trunc(score)) % 3) {",
    "  case 0:",
    '    parts.push("zero");',
    "    break;",
    "  case 1:",
    "    score += 0.5;",
    "    break;",
    "  default:",
    "    score -= 0.25;",
    "}",
  ],
  [
    "const describe = (value: number, unit: string): string => `${value.toFixed(2)} ${unit}`;",
    'const line = describe(score, parts.length === 1 ? "item" : "items");',
    "parts.push(line);",
  ],
  [
    "let window = 0;",
    "for (let i = 0; i < parts.length; i++) {",
    "  const part = parts[i];",
    "  if (part === undefined) continue;",
    "  window = (window * 3 + part.length) % 1009;",
    "}",
    "score += window / 1009;",
  ],
  [
    "const seen = new Set<string>();",
    "const unique: string[] = [];",
    "for (const part of parts) {",
    "  if (!seen.has(part)) {",
    "    seen.add(part);",
    "    unique.push(part);",
    "  }",
    "}",
    "parts.length = 0;",
    "parts.push(...unique);",
  ],
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function indent(lines: readonly string[], by: string): string[] {
  return lines.map((l) => (l === "" ? l : by + l));
}

interface DrawnParam {
  readonly name: string;
  readonly kind: ParamKind;
  /** Declared type with a file's local names resolved (`Filter` -> `Filter007`). */
  readonly type: string;
}

function drawParams(random: Random, fileFilter: string, shared: boolean): DrawnParam[] {
  const required = random.int(1, 4);
  const defaulted = random.int(0, 3);
  const used = new Set<string>();
  const params: DrawnParam[] = [];
  const draw = (kinds: readonly ParamKind[], count: number): void => {
    for (let i = 0; i < count; i++) {
      const kind = random.pick(kinds);
      if (used.has(kind.key)) continue;
      used.add(kind.key);
      params.push({ name: kind.key, kind, type: kind.type.replace(/\bFilter\b/, fileFilter) });
    }
  };
  draw(REQUIRED_KINDS, required);
  if (shared) draw(SHARED_KINDS, random.int(1, 3));
  draw(DEFAULTED_KINDS, defaulted);
  return params;
}

function renderFunction(random: Random, index: number, fileFilter: string, bodies: boolean, shared: boolean): { text: string[]; fn: Omit<SynthFunction, "file"> } {
  const verb = random.pick(VERBS);
  const noun = random.pick(NOUNS);
  const name = `${verb}${noun}${index}`;
  const paramsType = `${capitalize(name)}Params`;
  const summary = `${capitalize(verb)}s the ${noun.toLowerCase()} records ${random.pick(PHRASES)} (#${index}).`;
  const params = drawParams(random, fileFilter, shared);
  const isAsync = random.chance(0.2);
  const objectStyle = random.chance(0.1);
  const body: string[] = ["const parts: string[] = [];", "let score = 0;"];
  for (const p of params) body.push(...p.kind.use.map((l) => l.replaceAll("$", p.name)));
  const fillerCount = random.int(2, 4);
  for (let i = 0; i < fillerCount; i++) body.push("{", ...indent(random.pick(FILLERS), "  "), "}");
  if (isAsync) body.push("await Promise.resolve();");
  body.push(
    'const checksum = parts.join("|").split("").reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);',
    `return { tool: "${name}", score, checksum, parts };`,
  );

  const paramsInterface: string[] = [`/** Parameters of \`${name}\`. */`, `export interface ${paramsType} {`];
  for (const p of params) {
    const tags = [p.kind.doc, ...(p.kind.defaultJson !== undefined ? [`@default ${p.kind.defaultJson}`] : [])];
    paramsInterface.push(
      tags.length === 1 ? `  /** ${tags[0]} */` : ["  /**", ...tags.map((t) => `   * ${t}`), "   */"].join("\n"),
      `  ${p.name}${p.kind.init !== undefined || p.kind.optional ? "?" : ""}: ${p.type};`,
    );
  }
  paramsInterface.push("}");

  const doc = ["/**", ` * ${summary}`];
  if (params.length > 0) doc.push(" *");
  for (const p of params) doc.push(` * @param ${objectStyle ? `params.${p.name}` : p.name} ${p.kind.doc}`);
  doc.push(" */");

  const returnType = isAsync ? "Promise<Summary>" : "Summary";
  let signature: string;
  if (objectStyle) {
    const members = params.map((p) => (p.kind.init !== undefined ? `${p.name} = ${p.kind.init}` : p.name));
    signature = `export ${isAsync ? "async " : ""}function ${name}({ ${members.join(", ")} }: ${paramsType}): ${returnType} {`;
  } else {
    const declared = params.map((p) =>
      p.kind.init !== undefined ? `${p.name}: ${p.type} = ${p.kind.init}` : `${p.name}${p.kind.optional ? "?" : ""}: ${p.type}`,
    );
    signature = `export ${isAsync ? "async " : ""}function ${name}(${declared.join(", ")}): ${returnType} {`;
  }
  const stub = shared ? [`return { tool: "${name}", score: 0, checksum: 0, parts: [] };`] : ['throw new Error("stub");'];
  return {
    text: [...paramsInterface, "", ...doc, signature, ...indent(bodies ? body : stub, "  "), "}"],
    fn: { name, paramsType, summary, callStyle: objectStyle ? "object" : "positional" },
  };
}

function renderToolFile(random: Random, fileIndex: number, firstFunction: number, count: number, bodies: boolean, shared: boolean): { text: string; functions: Omit<SynthFunction, "file">[] } {
  const filter = `Filter${pad(fileIndex, 3)}`;
  const out: string[] = [
    'import { Color, Priority } from "../models.js";',
    'import type { Address, Customer, CustomerRef, DateRange, Int, Money, OrderLine, Paging, PostalAddress, Region, Summary } from "../models.js";',
    ...(shared
      ? ['import type { Category, Counters, CustomerCard, CustomerPatch, Expr, Page, RegionTotals, ShipmentView } from "../models.js";']
      : []),
    "",
    `/** A row filter used by the tools in this file. */`,
    `export interface ${filter} {`,
    "  field: string;",
    '  op: "eq" | "lt" | "gt" | "contains";',
    "  value: string | number;",
    "}",
    "",
    "function normalize(text: string): string {",
    '  return text.trim().toLowerCase().replace(/\\s+/g, "-");',
    "}",
  ];
  const functions: Omit<SynthFunction, "file">[] = [];
  for (let i = 0; i < count; i++) {
    const rendered = renderFunction(random, firstFunction + i, filter, bodies, shared);
    out.push("", ...rendered.text);
    functions.push(rendered.fn);
  }
  // Keep the value imports used even when no function in the file happens to need them.
  out.push("", `export const palette${pad(fileIndex, 3)}: readonly [Color, Priority] = [Color.Red, Priority.Low];`, "");
  return { text: out.join("\n"), functions };
}

const TSCONFIG = {
  compilerOptions: {
    target: "ES2023",
    lib: ["ES2023"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    noEmit: true,
    types: [],
  },
  include: ["src"],
};

/** Builds the project in memory: deterministic for a given seed. */
export function synthesize(options: SynthOptions = DEFAULT_SYNTH): SynthProject {
  const random = createRandom(options.seed);
  const files: SynthFile[] = [
    { path: "package.json", text: JSON.stringify({ name: "synth-tools", private: true, type: "module" }, null, 2) + "\n" },
    { path: "tsconfig.json", text: JSON.stringify(TSCONFIG, null, 2) + "\n" },
    { path: "src/models.ts", text: options.shape === "shared" ? MODELS + SHARED_MODELS : MODELS },
  ];
  const functions: SynthFunction[] = [];
  const toolFiles: string[] = [];
  const perFile = Math.floor(options.functions / options.files);
  const extra = options.functions % options.files;
  let next = 0;
  for (let f = 0; f < options.files; f++) {
    const count = perFile + (f < extra ? 1 : 0);
    const path = `src/tools/file${pad(f, 3)}.ts`;
    const shared = options.shape === "shared";
    const rendered = renderToolFile(random, f, next, count, shared ? false : (options.bodies ?? true), shared);
    next += count;
    files.push({ path, text: rendered.text });
    toolFiles.push(path);
    for (const fn of rendered.functions) functions.push({ ...fn, file: path });
  }
  return { files, functions, toolFiles };
}

/** Writes the project under `root` (emptied first). */
export function writeProject(project: SynthProject, root: string): void {
  rmSync(root, { recursive: true, force: true });
  for (const file of project.files) {
    const path = join(root, file.path);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, file.text);
  }
}

/**
 * A one-function edit, as a user saving a file would make: the summary of `fn` gets a new suffix, so the
 * generated description (and nothing else) changes. Returns the new file text and the marker to look for.
 */
export function editSummary(fileText: string, fn: SynthFunction, revision: number): { text: string; marker: string } {
  const marker = `revision ${revision}`;
  const line = ` * ${fn.summary}`;
  const start = fileText.indexOf(line);
  if (start < 0) throw new Error(`summary of ${fn.name} not found`);
  const end = fileText.indexOf("\n", start);
  return { text: fileText.slice(0, start) + `${line} (${marker})` + fileText.slice(end), marker };
}
