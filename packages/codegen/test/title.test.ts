/**
 * pydantic's property titles are Python's `str.title()`: its title case (not JavaScript's upper case),
 * Unicode's Cased property and the final sigma. The expectations are the oracle's own output for names
 * that take each rule (scripts/title-case.py writes them beside the table it generates).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pydanticTitle } from "../src/emit/schema/title.js";

const expected = JSON.parse(readFileSync(new URL("./title-expected.json", import.meta.url), "utf8")) as Record<string, string>;

describe("pydanticTitle", () => {
  it.each(Object.entries(expected))("%s -> %s, as Python's str.title()", (name, title) => {
    expect(pydanticTitle(name)).toBe(title);
  });
});
