#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx registers the loader), so `npx leadline` needs no build step.
import { register } from "tsx/esm/api";

// `leadline … | head` closes the pipe early: that ends the output, it is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
