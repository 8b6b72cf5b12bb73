#!/usr/bin/env node
// Published entry: runs the compiled CLI. In this repo, `pnpm toolsmith` runs the source through tsx instead.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
