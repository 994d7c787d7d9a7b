// The README's configuration reference is checked against the schema, so neither drifts from the other.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configSchema } from "../../src/config/schema.ts";

function keyPaths(schema: z.ZodType, prefix = ""): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional || inner instanceof z.ZodPipe) {
    inner = (inner instanceof z.ZodPipe ? inner.in : inner.unwrap()) as z.ZodType;
  }
  if (inner instanceof z.ZodArray) return keyPaths(inner.element as z.ZodType, `${prefix}[]`);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape).flatMap(([key, value]) => keyPaths(value as z.ZodType, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

describe("README configuration reference", () => {
  it("documents every key of the schema, and no key the schema lacks", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Configuration reference"), readme.indexOf("### Environment"));
    const documented = [...section.matchAll(/^\| `([\w.[\]]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(keyPaths(configSchema).sort());
  });
});
