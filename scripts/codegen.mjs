// `pnpm codegen`: regenerates every generated file in the repo (filled in as generators land).
console.log("nothing to generate yet");
