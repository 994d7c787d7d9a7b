// The `leadline` command as installed, checked to run the compiled CLI (dist/), not the TypeScript sources through tsx.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { distIsFresh } from "../bin/distIsFresh.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** bin/leadline.js; throws when dist/ is stale, since it would then run src/ through tsx and measure that instead. */
export function compiledLeadline(): string {
  if (!distIsFresh(ROOT)) throw new Error("dist/ is missing or older than src/: run `npm run build` first (npm run bench does)");
  return path.join(ROOT, "bin", "leadline.js");
}
