// What code mode tells the model about tools whose schemas name types (`$defs`): each named type is spelled
// out once (Python `TypedDict` or alias, TypeScript `type`), so the signatures refer to nothing undefined,
// and `tools.describe(NAME)` in the JavaScript guest still gives just that tool's declaration.
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import {
  createStubMemo,
  describeTools,
  javascriptPrelude,
  pythonModule,
  pythonStubs,
  typeScriptDeclarations,
  type ToolDescription,
} from "../../src/interpreter/guest-api.js";
import type { ToolSpec } from "../../src/registry.js";

const place = {
  description: "A place.",
  type: "object",
  properties: { name: { type: "string" }, "zip-code": { type: "string" }, kind: { enum: ["home", "work"], type: "string" } },
  required: ["name", "kind"],
} as const;
const area = {
  type: "object",
  properties: { place: { $ref: "#/$defs/Place" }, inside: { type: "array", items: { $ref: "#/$defs/Area" } } },
  required: ["place", "inside"],
} as const;
const unit = { enum: ["km", "mi"], type: "string" } as const;

const tools: ToolDescription[] = [
  {
    name: "area",
    description: "The area around a place.",
    parameters: {
      type: "object",
      $defs: { Place: place, Area: area, Unit: unit },
      properties: { place: { $ref: "#/$defs/Place" }, unit: { $ref: "#/$defs/Unit" } },
      required: ["place"],
    },
    params: ["place", "unit"],
    returns: { $ref: "#/$defs/Area", $defs: { Place: place, Area: area } },
  },
  { name: "sums", description: "Adds a + b", parameters: { type: "object", properties: { a: { type: "integer" } }, required: ["a"] }, params: ["a"] },
];

describe("named types in code mode's renderings", () => {
  it("are Python TypedDicts and aliases, once each, before the stubs", () => {
    const stubs = pythonStubs(tools);
    expect(stubs.split("\n\n")).toEqual([
      'Place = TypedDict("Place", {"name": str, "zip-code": NotRequired[str], "kind": Literal["home", "work"]})',
      "class Area(TypedDict):\n    place: Place\n    inside: list[Area]",
      'Unit = Literal["km", "mi"]',
      'def area(place: Place, unit: Unit | None = None) -> Area:\n    """The area around a place."""\n    ...',
      'def sums(a: int) -> Any:\n    """Adds a + b"""\n    ...',
    ]);
    expect(describeTools(tools, "python")).toContain(`\`\`\`python\n${stubs}\n\`\`\``);
  });

  it("are only the $defs: a title on an inline object (pydantic's style titles every property) names no class", () => {
    const titled: ToolDescription = {
      name: "f",
      description: "F.",
      parameters: {
        type: "object",
        title: "Input for `f`",
        properties: {
          a: { title: "A", type: "object", properties: { x: { title: "X", type: "string" } }, required: ["x"] },
          b: { title: "B", type: "object", additionalProperties: { type: "number" } },
        },
        required: ["a", "b"],
      },
      params: ["a", "b"],
    };
    expect(pythonStubs([titled])).toBe('def f(a: dict, b: dict[str, float]) -> Any:\n    """F."""\n    ...');
  });

  it("are TypeScript type aliases, once each, before the tools object", () => {
    const declarations = typeScriptDeclarations(tools);
    expect(declarations.split("\n").slice(0, 5)).toEqual([
      'type Place = { name: string; "zip-code"?: string; kind: "home" | "work" };',
      "type Area = { place: Place; inside: Array<Area> };",
      'type Unit = "km" | "mi";',
      "declare const tools: {",
      "  /** The area around a place. */",
    ]);
    expect(describeTools(tools, "javascript")).toContain(`\`\`\`ts\n${declarations}\n\`\`\``);
  });

  it("leave tools.describe(NAME) in the JavaScript guest giving only that tool's declaration", () => {
    const context = vm.createContext({ __toolsmith_call: async () => "{}" });
    vm.runInContext(javascriptPrelude(tools as unknown as ToolSpec[]), context);
    expect(vm.runInContext('tools.describe("area")', context)).toBe(
      "/** The area around a place. */\narea(args: { place: Place; unit?: Unit }): Promise<Area>;",
    );
    expect(vm.runInContext('tools.describe("sums")', context)).toBe("/** Adds a + b */\nsums(args: { a: number }): Promise<unknown>;");
  });
});

describe("a name two tools' schemas give different types", () => {
  // Each schema's $defs is its own: `second`'s Options is not `first`'s, so neither is its Outer (which
  // refers to it); `third`'s are `first`'s again.
  const options = (member: string) => ({ type: "object", properties: { [member]: { type: "string" } }, required: [member] }) as const;
  const outer = { type: "object", properties: { options: { $ref: "#/$defs/Options" } }, required: ["options"] } as const;
  const tool = (name: string, member: string): ToolDescription => ({
    name,
    parameters: { type: "object", $defs: { Outer: outer, Options: options(member) }, properties: { o: { $ref: "#/$defs/Outer" } }, required: ["o"] },
    params: ["o"],
    returns: { $ref: "#/$defs/Options", $defs: { Options: options(member === "x" ? "y" : "x") } },
  });
  const specs = [tool("first", "x"), tool("second", "y"), tool("third", "x")];

  it("is spelled apart in the Python stubs, with every reference to it", () => {
    expect(pythonStubs(specs).split("\n\n")).toEqual([
      "class Outer(TypedDict):\n    options: Options",
      "class Options(TypedDict):\n    x: str",
      "class Options_2(TypedDict):\n    y: str",
      "class Outer_2(TypedDict):\n    options: Options_2",
      'def first(o: Outer) -> Options_2:\n    """"""\n    ...',
      'def second(o: Outer_2) -> Options:\n    """"""\n    ...',
      'def third(o: Outer) -> Options_2:\n    """"""\n    ...',
    ]);
    // help() and describe() in the guest show the same names.
    expect(pythonModule(specs as unknown as ToolSpec[])).toContain("def second(o: Outer_2) -> Options:");
  });

  it("renders with a memo what it renders without one, as tools come and go and their names move", () => {
    // A watch renders the same schema objects again: kept renderings must follow each move of a name.
    const [first, second, third] = specs as [ToolDescription, ToolDescription, ToolDescription];
    const described = { ...second, description: "Second, described." };
    const only: ToolDescription = { name: "only", parameters: { type: "object", $defs: { Options: options("x") }, properties: { p: { $ref: "#/$defs/Options" } } }, params: ["p"] };
    const steps: ToolDescription[][] = [
      specs,
      // `first` gone: `second`'s Options and Outer are the plain names now, `third`'s the spelled-apart ones.
      [second, third],
      [described, third],
      [first, described, third],
      [third, first],
      specs,
      // `second`'s Outer keeps its name while the Options it refers to is spelled apart, then not.
      [only, second],
      [second],
    ];
    const python = createStubMemo();
    const typeScript = createStubMemo();
    const seen = new Set<string>();
    for (const step of steps) {
      const stubs = pythonStubs(step, python);
      expect(stubs).toBe(pythonStubs(step));
      expect(typeScriptDeclarations(step, typeScript)).toBe(typeScriptDeclarations(step));
      seen.add(stubs);
    }
    // The steps do move the names: not one rendering over and over.
    expect(seen.size).toBe(7);
    expect(pythonStubs([second, third], python)).toContain("def second(o: Outer) -> Options_2:");
  });

  it("is spelled apart in the TypeScript declarations and in tools.describe(NAME)", () => {
    expect(typeScriptDeclarations(specs).split("\n").slice(0, 4)).toEqual([
      "type Outer = { options: Options };",
      "type Options = { x: string };",
      "type Options_2 = { y: string };",
      "type Outer_2 = { options: Options_2 };",
    ]);
    const context = vm.createContext({ __toolsmith_call: async () => "{}" });
    vm.runInContext(javascriptPrelude(specs as unknown as ToolSpec[]), context);
    expect(vm.runInContext('tools.describe("second")', context)).toBe("second(args: { o: Outer_2 }): Promise<Options>;");
    expect(vm.runInContext('tools.describe("third")', context)).toBe("third(args: { o: Outer }): Promise<Options_2>;");
  });
});

describe("a JavaScript tool named like a guest helper", () => {
  it("is what tools.describe / tools.call are, as declared (the helper is left out)", async () => {
    const named = (name: string): ToolDescription => ({ name, description: `The ${name} tool.`, parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] }, params: ["q"] });
    const calls: string[] = [];
    const context = vm.createContext({ __toolsmith_call: async (name: string, json: string) => (calls.push(`${name} ${json}`), JSON.stringify({ ok: true, value: name })) });
    const specs = [named("describe"), named("call"), tools[1] as ToolDescription];
    vm.runInContext(javascriptPrelude(specs as unknown as ToolSpec[]), context);
    expect(await vm.runInContext('tools.describe({ q: "x" })', context)).toBe("describe");
    expect(await vm.runInContext('tools.call({ q: "y" })', context)).toBe("call");
    expect(calls).toEqual(['describe {"q":"x"}', 'call {"q":"y"}']);
    const declarations = typeScriptDeclarations(specs);
    expect(declarations).toContain("describe(args: { q: string }): Promise<unknown>;");
    expect(declarations).not.toContain("describe(name: string): string;");
    // With no tool of that name, the helper is there and declared.
    expect(typeScriptDeclarations([tools[1] as ToolDescription])).toContain("describe(name: string): string;");
  });
});

describe("parameter docs in the Python stubs", () => {
  const documented = (name: string, properties: Record<string, { type: "string"; description: string }>): ToolDescription => ({
    name,
    description: "Moves money.",
    parameters: { type: "object", properties, required: Object.keys(properties) },
    params: Object.keys(properties),
  });

  it("name a keyword parameter as the signature does, the name Python can call it by", () => {
    const stubs = pythonStubs([documented("transfer", { from: { type: "string", description: "Account to take from." }, to: { type: "string", description: "Account to pay into." } })]);
    expect(stubs).toBe('def transfer(from_: str, to: str) -> Any:\n    """Moves money.\n\nfrom_: Account to take from.\nto: Account to pay into."""\n    ...');
  });

  it("keep the schema's names where the signature takes **arguments (names Python cannot spell)", () => {
    const stubs = pythonStubs([documented("move", { "from-account": { type: "string", description: "Account to take from." }, class: { type: "string", description: "Booking class." } })]);
    expect(stubs).toBe('def move(**arguments) -> Any:\n    """Moves money.\n\nfrom-account: Account to take from.\nclass: Booking class."""\n    ...');
  });
});
