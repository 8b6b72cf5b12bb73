import { describe, expect, it } from "vitest";
import { renderSection, spliceSection } from "../src/report.js";
import { percentile } from "../src/suites/load.js";

describe("sections of BENCHMARKS.md", () => {
  const doc = "# Benchmarks\n\n## Results\n\n| rows |\n\n## Targets (issue 5)\n\n| targets |\n";
  const first = { id: "load", title: "Load", body: "first run" };
  const second = { id: "load", title: "Load", body: "second run" };

  it("inserts a new section before the given heading, keeping everything else", () => {
    const once = spliceSection(doc, first, "## Targets");
    expect(once).toBe(`# Benchmarks\n\n## Results\n\n| rows |\n\n${renderSection(first)}\n\n## Targets (issue 5)\n\n| targets |\n`);
  });

  it("replaces its earlier version in place", () => {
    const twice = spliceSection(spliceSection(doc, first, "## Targets"), second, "## Targets");
    expect(twice).toBe(spliceSection(doc, second, "## Targets"));
    expect(twice).not.toContain("first run");
  });

  it("appends when the heading is missing", () => {
    expect(spliceSection("# Benchmarks\n", first, "## Targets")).toBe(`# Benchmarks\n\n${renderSection(first)}\n`);
  });
});

describe("percentile", () => {
  it.each([
    [[5], 0.5, 5],
    [[1, 2, 3, 4], 0.5, 2],
    [Array.from({ length: 100 }, (_, i) => 100 - i), 0.99, 99],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.5, 50],
  ])("%j at %d is %d (nearest rank)", (samples, q, expected) => {
    expect(percentile(samples, q)).toBe(expected);
  });
});
