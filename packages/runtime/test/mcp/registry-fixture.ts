// A registry module shaped like `toolsmith codegen --out` output, served by the MCP tests (over stdio
// it is loaded by `toolsmith mcp` itself, as a user's registry would be).
import type { Registry, ToolSpec } from "../../src/registry.js";

interface AddArgs { a: number; b?: number }
interface PointArgs { x: number; y: number; label?: string | null }
interface Point { x: number; y: number; label: string | null; norm: number }

export const registry = {
  add: {
    name: "add",
    description: "Adds a + b",
    parameters: { type: "object", properties: { a: { type: "integer", maximum: 1000 }, b: { type: "integer", default: 1 } }, required: ["a"] },
    returns: { type: "integer" },
    params: ["a", "b"],
    invoke: (args: AddArgs) => args.a + (args.b ?? 1),
  } satisfies ToolSpec<AddArgs, number>,
  point: {
    name: "point",
    description: "Builds a point and its distance from the origin",
    parameters: {
      type: "object",
      properties: { x: { type: "number" }, y: { type: "number" }, label: { anyOf: [{ type: "string" }, { type: "null" }], default: null } },
      required: ["x", "y"],
    },
    returns: {
      $ref: "#/$defs/Point",
      $defs: {
        Point: {
          type: "object",
          title: "Point",
          properties: { x: { type: "number" }, y: { type: "number" }, label: { anyOf: [{ type: "string" }, { type: "null" }] }, norm: { type: "number" } },
          required: ["x", "y", "label", "norm"],
        },
      },
    },
    params: "object",
    invoke: ({ x, y, label }: PointArgs): Point => ({ x, y, label: label ?? null, norm: Math.hypot(x, y) }),
  } satisfies ToolSpec<PointArgs, Point>,
  boom: {
    name: "boom",
    description: "Always fails",
    parameters: { type: "object", properties: {} },
    params: [],
    invoke: () => {
      throw new Error("the boom tool exploded");
    },
  } satisfies ToolSpec<Record<string, never>, never>,
  wipe: {
    name: "wipe",
    description: "Deletes everything (needs a human's approval)",
    parameters: { type: "object", properties: { target: { type: "string" } }, required: ["target"] },
    params: ["target"],
    confirm: true,
    invoke: (args: { target: string }) => `wiped ${args.target}`,
  } satisfies ToolSpec<{ target: string }, string>,
  slow: {
    name: "slow",
    description: "Takes longer than its time limit",
    parameters: { type: "object", properties: {} },
    params: [],
    timeoutMs: 100,
    invoke: (_args: Record<string, never>, { signal }) =>
      new Promise<string>((resolve) => {
        const timer = setTimeout(resolve, 10_000, "finished late");
        signal.addEventListener("abort", () => clearTimeout(timer));
      }),
  } satisfies ToolSpec<Record<string, never>, string>,
} as const satisfies Registry;
