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
