// Where a model's broken JSON breaks: the position and what was expected there, the same on every Node.
import { describe, expect, it } from "vitest";
import { describeJsonError, locateJsonError } from "../src/json-error.js";

describe("locateJsonError", () => {
  it.each([
    ['{"a": 6 "b": 3}', 8, "',' or '}' after a property value"],
    ['{"a": 6,}', 8, "a double-quoted property name"],
    ["{'a': 6}", 1, "a double-quoted property name"],
    ["{a: 6}", 1, "a double-quoted property name"],
    ['{"a": six}', 6, "a value"],
    ['{"a": 6} trailing', 9, "the end of the text (there is more after the value)"],
    ['{"a": "x\\q"}', 9, "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"],
    ['{"a": [1, 2}', 11, "',' or ']' after an array item"],
    ['{"a": ', 6, "a value (the text ends early)"],
    ['{"a": "open', 11, "a closing quote"],
    ['{"a": 01}', 7, "',' or '}' after a property value"],
  ])("%s breaks at %i: expected %s", (text, position, expected) => {
    expect(JSON.parse.bind(null, text)).toThrow();
    expect(locateJsonError(text)).toEqual({ position, expected });
  });

  it("finds nothing wrong in valid JSON", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}', "[]", '"x"', " 1 "]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(locateJsonError(text)).toBeUndefined();
    }
  });

  it("quotes the text around the break, marking it", () => {
    expect(describeJsonError('{"a": 6 "b": 3}')).toBe(`expected ',' or '}' after a property value at position 8: {"a": 6 ⟪here⟫"b": 3}`);
    const long = `{"text": "${"x".repeat(60)}" "more": 1}`;
    expect(describeJsonError(long)).toBe(`expected ',' or '}' after a property value at position 72: …${long.slice(42, 72)}⟪here⟫"more": 1}`);
  });
});
