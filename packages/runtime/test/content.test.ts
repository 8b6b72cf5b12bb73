import { describe, expect, it } from "vitest";
import { toContent } from "../src/index.js";

describe("toContent: values needing more than plain JSON, wherever they sit", () => {
  it.each([
    [{ tags: new Set(["a", "b"]) }, '{"tags":["a","b"]}'],
    [[{ counts: new Map([["x", 2]]) }], '[{"counts":{"x":2}}]'],
    [{ deep: { id: 12345678901234567890n } }, '{"deep":{"id":"12345678901234567890"}}'],
    [{ skip: () => 1, keep: 1 }, '{"keep":1}'],
    [{ plain: [1, "two", null, true, { three: 3 }] }, '{"plain":[1,"two",null,true,{"three":3}]}'],
  ])("%o -> %s", (value, expected) => {
    expect(toContent(value)).toBe(expected);
  });

  it("reports a cycle as an error rather than recursing forever", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = { again: cyclic };
    expect(() => toContent(cyclic)).toThrow(/circular/i);
  });
});
