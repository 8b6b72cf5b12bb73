/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): where the self time goes, by function and by
 * file/package, and the inclusive time of chosen functions. Used to find what bounds a missed target:
 *   tsx src/profile-summary.ts PROFILE.cpuprofile [--top 25] [--focus name1,name2] [--from-ms N]
 */
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Folds a URL into the package or repo file it belongs to. */
export function bucketOf(url: string): string {
  if (url === "") return "(native / vm)";
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pnpm) return `${pnpm[1]}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return `${nm[1]}`;
  const repo = /\/packages\/([^?]+)/.exec(url);
  if (repo) return `packages/${repo[1]}`;
  if (url.startsWith("node:")) return "node: internals";
  return url;
}

/** `fromMs`: ignore the first milliseconds of the profile (e.g. a watch process's initial generation). */
export function summarizeProfile(profile: Profile, top = 25, focus: readonly string[] = [], fromMs = 0): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let clock = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    clock += profile.timeDeltas[i] ?? 0;
    if (clock < fromMs * 1000) continue;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const pct = (us: number): string => `${((100 * us) / total).toFixed(1)}%`;
  const ms = (us: number): string => `${(us / 1000).toFixed(0)} ms`;

  const fnSelf = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || "(anonymous)"}  ${bucketOf(frame.url)}${frame.url.includes("/packages/") ? `:${frame.lineNumber + 1}` : ""}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    const file = frame.url.includes("/packages/") ? bucketOf(frame.url) : bucketOf(frame.url);
    fileSelf.set(file, (fileSelf.get(file) ?? 0) + us);
  }

  // Inclusive time of a function: samples whose stack contains it (counted once per sample).
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  if (focus.length > 0) {
    for (const [id, us] of self) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = byId.get(cur)!.callFrame.functionName;
        if (focus.includes(name) && !seen.has(name)) {
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + us);
        }
      }
    }
  }

  // Attribution to the repo's own code: each sample charged to the deepest frame under packages/ (not
  // node_modules), so library time lands on the line of ours that asked for it.
  const ours = new Map<string, number>();
  for (const [id, us] of self) {
    let key = "(no repo frame on the stack)";
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      if (frame.url.includes("/packages/") && !frame.url.includes("node_modules")) {
        key = `${frame.functionName || "(anonymous)"}  ${bucketOf(frame.url)}:${frame.lineNumber + 1}`;
        break;
      }
    }
    ours.set(key, (ours.get(key) ?? 0) + us);
  }

  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
  const lines = [`total sampled: ${ms(total)}`, "", "self time by package / file:"];
  for (const [k, us] of sorted(fileSelf).slice(0, top)) lines.push(`  ${pct(us).padStart(6)} ${ms(us).padStart(8)}  ${k}`);
  lines.push("", "self time by function:");
  for (const [k, us] of sorted(fnSelf).slice(0, top)) lines.push(`  ${pct(us).padStart(6)} ${ms(us).padStart(8)}  ${k}`);
  lines.push("", "time by the deepest repo function on the stack (library time charged to its caller):");
  for (const [k, us] of sorted(ours).slice(0, top)) lines.push(`  ${pct(us).padStart(6)} ${ms(us).padStart(8)}  ${k}`);
  if (focus.length > 0) {
    lines.push("", "inclusive time:");
    for (const name of focus) lines.push(`  ${pct(inclusive.get(name) ?? 0).padStart(6)} ${ms(inclusive.get(name) ?? 0).padStart(8)}  ${name}`);
  }
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  const args = process.argv.slice(2);
  const file = args[0];
  if (!file) {
    console.error("usage: tsx src/profile-summary.ts PROFILE.cpuprofile [--top N] [--focus fn1,fn2]");
    process.exit(2);
  }
  const topArg = args.indexOf("--top");
  const focusArg = args.indexOf("--focus");
  const top = topArg >= 0 ? Number(args[topArg + 1]) : 25;
  const focus = focusArg >= 0 ? (args[focusArg + 1] ?? "").split(",") : [];
  const fromArg = args.indexOf("--from-ms");
  const fromMs = fromArg >= 0 ? Number(args[fromArg + 1]) : 0;
  console.log(summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as Profile, top, focus, fromMs));
}
