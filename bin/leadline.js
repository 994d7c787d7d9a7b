#!/usr/bin/env node
// The `leadline` command: runs the compiled CLI (dist/, built by `npm install`) when it is up to date
// with src/, and otherwise the TypeScript sources through tsx, so it never runs stale code.
import { fileURLToPath } from "node:url";
import { distIsFresh } from "./distIsFresh.js";

// `leadline … | head` closes the pipe early: that ends the output, it is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

// With --debug, stack traces name the lines of src/*.ts, not of the compiled files.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);

const root = fileURLToPath(new URL("..", import.meta.url));
let entry = new URL("../dist/cli/main.js", import.meta.url);
if (!distIsFresh(root)) {
  // Loading tsx and transpiling on every start costs about 300 ms and 30 MB: only when dist/ is missing or stale.
  const { register } = await import("tsx/esm/api");
  register();
  entry = new URL("../src/cli/main.ts", import.meta.url);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
