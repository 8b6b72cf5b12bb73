/**
 * Profiles our `--watch` process over a few one-function edits (for `node --cpu-prof`; the CLI ends the
 * watch cleanly on SIGTERM, so the profile is written):
 *   node --import tsx --conditions=source src/profile-watch.ts [edits] -> .tmp/prof-watch/*.cpuprofile
 */
import { join } from "node:path";
import { TMP_DIR } from "./paths.js";
import { measureOurs } from "./suites/watch.js";
import { DEFAULT_SYNTH, synthesize, writeProject } from "./synth.js";

const edits = Number(process.argv[2] ?? 8);
const root = join(TMP_DIR, "synth");
const project = synthesize(DEFAULT_SYNTH);
writeProject(project, root);
const dir = join(TMP_DIR, "prof-watch");
const { samples, reported } = await measureOurs({ root, project, edits, log: (l) => console.error(l), nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
console.log(`save -> disk: ${samples.map((s) => s.toFixed(0)).join(", ")} ms; cycles as reported: ${reported.join(", ")} ms; profile in ${dir}`);
