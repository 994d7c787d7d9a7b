// Vitest global setup: compiles src/ to dist/ first when it is missing or stale, so tests run `leadline` as installed.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { distIsFresh } from "../../bin/distIsFresh.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

export default function buildDist(): void {
  if (distIsFresh(ROOT)) return;
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
}
