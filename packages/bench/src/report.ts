/**
 * The benchmark's one table: every row a measured tool with its median and spread, and for each peer the
 * ratio to ours measured in the same run; then the targets and whether each is met.
 */
import type { Machine } from "./machine.js";
import { formatNumber, type Stats } from "./stats.js";

export interface Row {
  /** Which benchmark (e.g. "codegen cold"). */
  readonly section: string;
  /** What ran. */
  readonly tool: string;
  readonly ours: boolean;
  /** Lower is better for every unit measured here (ms, µs, MiB). */
  readonly unit: string;
  readonly stats: Stats;
  /** A short qualifier shown after the tool's name. */
  readonly note?: string;
}

export interface Target {
  readonly section: string;
  readonly goal: string;
  readonly measured: string;
  /** undefined: could not be measured in this run. */
  readonly met: boolean | undefined;
}

export interface SuiteResult {
  readonly rows: readonly Row[];
  readonly targets: readonly Target[];
  readonly notes: readonly string[];
  /** Results with their own table (and machine line), kept as sections of BENCHMARKS.md of their own. */
  readonly sections?: readonly Section[];
}

export interface Section {
  /** Names the section's markers in BENCHMARKS.md, so a run of its suite alone can replace it in place. */
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

/** A section as BENCHMARKS.md holds it: between markers naming it. */
export function renderSection(section: Section): string {
  return [`<!-- section:${section.id} -->`, `## ${section.title}`, "", section.body, `<!-- /section:${section.id} -->`].join("\n");
}

/** The document with `section` replacing its earlier version, or inserted before `before` (a heading) when new. */
export function spliceSection(doc: string, section: Section, before: string): string {
  const rendered = renderSection(section);
  const start = doc.indexOf(`<!-- section:${section.id} -->`);
  const endMark = `<!-- /section:${section.id} -->`;
  const end = doc.indexOf(endMark);
  if (start >= 0 && end > start) return doc.slice(0, start) + rendered + doc.slice(end + endMark.length);
  const at = doc.indexOf(before);
  return at >= 0 ? `${doc.slice(0, at)}${rendered}\n\n${doc.slice(at)}` : `${doc.trimEnd()}\n\n${rendered}\n`;
}

/** How many times slower the peer is than ours (x > 1: ours faster). */
export function ratio(ours: Row | undefined, peer: Row): string {
  if (ours === undefined || peer.ours) return "";
  const r = peer.stats.median / ours.stats.median;
  return `${formatNumber(r)}x`;
}

function oursFor(rows: readonly Row[], row: Row): Row | undefined {
  return rows.find((r) => r.section === row.section && r.ours && r.unit === row.unit);
}

export function renderTable(rows: readonly Row[]): string {
  const lines = [
    "| benchmark | tool | median | spread (min - max) | IQR | runs | peer / ours |",
    "|---|---|---:|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    const s = row.stats;
    const tool = row.ours ? `**${row.tool}**` : row.tool;
    lines.push(
      `| ${row.section} | ${tool}${row.note ? ` (${row.note})` : ""} | ${formatNumber(s.median)} ${row.unit} | ${formatNumber(s.min)} - ${formatNumber(s.max)} | ${formatNumber(s.q1)} - ${formatNumber(s.q3)} | ${s.n} | ${ratio(oursFor(rows, row), row)} |`,
    );
  }
  return lines.join("\n");
}

export function renderTargets(targets: readonly Target[]): string {
  const lines = ["| benchmark | target | measured | met |", "|---|---|---|:---:|"];
  for (const t of targets) {
    lines.push(`| ${t.section} | ${t.goal} | ${t.measured} | ${t.met === undefined ? "n/a" : t.met ? "yes" : "**no**"} |`);
  }
  return lines.join("\n");
}

export function renderMachine(machine: Machine): string {
  return [
    `- date: ${machine.date}`,
    `- machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB memory (${machine.freeGiB} GiB free at start), ${machine.platform}`,
    `- Node ${machine.node}; 1-min load average at start: ${machine.load}`,
  ].join("\n");
}
