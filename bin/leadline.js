#!/usr/bin/env -S node --max-old-space-size=1024
// The `leadline` command: runs the compiled CLI (dist/, built by `npm install`) when it is up to date
// with src/, and otherwise the TypeScript sources through tsx, so it never runs stale code.
//
// Why a 1 GB heap limit, not Node's default (a quarter of the machine's memory, up to 4 GB): V8 lets
// the old generation grow to up to 4 times the data that survived the last full collection when its
// limit is 2 GB or more, and to about 1.6 times at 1 GB. A send moves about 1.3 KB per message of
// short-lived objects to the old generation, where they die: a send to 100,000 subscribers held 24 MB
// of live data yet grew to 82 MB before its first full collection, and peaked at 224 MB of RSS (179 MB
// with this limit; 1,000 subscribers: 171 MB either way). A send keeps about 25 MB alive whatever the
// list's size, so 1 GB is room to spare. `node --max-old-space-size=N bin/leadline.js`
// sets another limit.
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
