/**
 * src/ts7/reader is generated from src/reader (scripts/generate-ts7-reader.mjs): a change to the
 * TypeScript 6 reader that was not regenerated would make the engines disagree silently.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error - a plain .mjs script without declarations
import { stale } from "../scripts/generate-ts7-reader.mjs";

describe("the TypeScript 7 reader", () => {
  it("is the generated copy of src/reader, current", () => {
    expect((stale as () => string[])()).toEqual([]);
  });
});
