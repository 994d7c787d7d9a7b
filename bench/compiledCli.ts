// The `leadline` command as installed, checked to run the compiled CLI (dist/), not the TypeScript sources through tsx.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { distIsFresh } from "../bin/distIsFresh.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** bin/leadline.js; throws when dist/ is stale, since it would then run src/ through tsx and measure that instead. */
export function compiledLeadline(): string {
  if (!distIsFresh(ROOT)) throw new Error("dist/ is missing or older than src/: run `npm run build` first (npm run bench does)");
  return path.join(ROOT, "bin", "leadline.js");
}

/**
 * A module of the compiled code (`dist/<name>.js`), as `leadline` runs it; throws when dist/ is stale.
 * The send and render measurements time this, not the TypeScript sources transpiled by tsx.
 */
export async function compiledModule<T>(name: string): Promise<T> {
  compiledLeadline();
  return (await import(pathToFileURL(path.join(ROOT, "dist", `${name}.js`)).href)) as T;
}
