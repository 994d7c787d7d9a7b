// Config errors as people read them: `file: key.path: what was expected`, in our words rather than zod's.
import type { z } from "zod";

/**
 * Words every bound of the schema (`min`, `max`, `positive`, `gt`) the same way. Passed to
 * `safeParse`, so a bound with a message of its own (`feeds`: "expected at least one feed") keeps it.
 */
export const boundMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== "too_big" && issue.code !== "too_small") return undefined;
  const big = issue.code === "too_big";
  const limit = Number(big ? issue.maximum : issue.minimum);
  if (issue.origin === "number") {
    const relation = big ? (issue.inclusive ? "at most" : "less than") : issue.inclusive ? "at least" : "greater than";
    return `expected a number ${relation} ${limit}, got ${String(issue.input)}`;
  }
  if (issue.origin === "string") {
    if (big) return `expected at most ${limit} characters`;
    return limit === 1 ? "expected a non-empty string" : `expected at least ${limit} characters`;
  }
  if (issue.origin === "array") return `expected ${big ? "at most" : "at least"} ${limit} item(s)`;
  return undefined;
};

/** `feeds[2].url: expected a URL`: the key path, then what was expected. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const at = formatPath(issue.path);
  // A file that is not a mapping at all (a bare word, a list) still names where: the top level.
  const prefix = at === "" ? "top level: " : `${at}: `;
  switch (issue.code) {
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      const expected = YAML_TYPES[issue.expected] ?? issue.expected;
      if (input === undefined) return `${prefix}required (expected ${expected})`;
      // `brandColor: #aa0000` is a key with no value: YAML reads everything from the # on as a comment.
      const hint = input === null ? " (nothing after the colon; a value starting with # must be quoted, as in \"#aa0000\": YAML reads # as the start of a comment)" : "";
      return `${prefix}expected ${expected}, got ${describeValue(input)}${hint}`;
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`).join("; ");
    case "invalid_value": {
      const input = (issue as { input?: unknown }).input;
      return `${prefix}expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${input === undefined ? "" : `, got ${describeValue(input)}`}`;
    }
    default:
      return `${prefix}${issue.message}`;
  }
}

/** zod's type names in the words of the YAML file being read. */
const YAML_TYPES: Record<string, string> = {
  int: "a whole number",
  number: "a number",
  string: "text",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
};

function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    const name = String(segment);
    // A key that is empty or has spaces or punctuation is quoted, so the path still reads as one.
    if (typeof segment === "number") out += `[${segment}]`;
    else out += /^[\w$-]+$/.test(name) ? `${out === "" ? "" : "."}${name}` : `[${JSON.stringify(name)}]`;
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}
