// Chaos group 4: fast-check mutates valid feeds and configs; no crash, no hang, every failure a clear LeadlineError.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { parseConfig } from "../../src/config/load.ts";
import { LeadlineError } from "../../src/errors.ts";
import { fetchFeed } from "../../src/feeds/fetchFeed.ts";
import { makeTempDir } from "../helpers/fixtures.ts";
import { chaosRow, type ChaosRow } from "./chaosRow.ts";

const FIXTURES = path.resolve("tests/feeds/fixtures");
const FETCH = { timeoutMs: 2000, maxBytes: 1_000_000, concurrency: 1, totalConcurrency: 8, maxRetryAfterMs: 0 };
/** One case may take this long before it counts as a hang. */
const CASE_LIMIT_MS = 2000;
const FRAGMENTS = ["<", ">", "&", "&amp;", "&#0;", "&#xD800;", "]]>", "<![CDATA[", "<!--", "<?xml", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "\u0000", "\uFEFF", "\u202E", "💥", "\"", "'", "</item>", "<item>", "</channel>", "<entry>", "xmlns:a=\"x\"", "{", "}", "[", "]", ":", "null", "1e999"];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "binary", maxLength: 40 })) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, mutations: Mutation[]): string {
  return mutations.reduce((t, m) => {
    const at = t.length === 0 ? 0 : m.at % t.length;
    if (m.kind === "delete") return t.slice(0, at) + t.slice(at + m.length);
    if (m.kind === "insert") return t.slice(0, at) + m.text + t.slice(at);
    if (m.kind === "duplicate") return t.slice(0, at + m.length) + t.slice(at, at + m.length) + t.slice(at);
    return t.slice(0, at);
  }, text);
}

interface Tally {
  cases: number;
  failures: number;
  slowest: number;
}

async function timed<T>(work: () => Promise<T> | T, tally: Tally): Promise<T> {
  const started = Date.now();
  const result = await work();
  const elapsed = Date.now() - started;
  tally.slowest = Math.max(tally.slowest, elapsed);
  if (elapsed > CASE_LIMIT_MS) throw new Error(`took ${elapsed} ms`);
  return result;
}

/** Mutated fixtures of every format, read through fetchFeed: a FeedResult every time, ok:false with a message when unusable. */
export async function fuzzFeeds(runs: number, seed: number): Promise<ChaosRow> {
  const temp = makeTempDir();
  const fixtures = readdirSync(FIXTURES).map((f) => readFileSync(path.join(FIXTURES, f), "utf8"));
  const tally: Tally = { cases: 0, failures: 0, slowest: 0 };
  try {
    const problem = await check(
      fc.asyncProperty(fc.nat({ max: fixtures.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (index, mutations) => {
        tally.cases += 1;
        const file = temp.file("feed.xml", mutate(fixtures[index]!, mutations));
        const result = await timed(() => fetchFeed({ url: file, name: "Fuzzed" }, FETCH, new Date("2026-11-25T12:00:00Z")), tally);
        if (result.ok) return;
        tally.failures += 1;
        if (typeof result.error.code !== "string" || !/\w{4,}/.test(result.error.message)) throw new Error(`unclear failure: ${JSON.stringify(result.error)}`);
      }),
      runs,
      seed,
    );
    const notes = `${tally.cases} mutated feeds (${fixtures.length} formats), ${tally.failures} refused with a message, slowest ${tally.slowest} ms`;
    return chaosRow("4 parser fuzzing", "mutated RSS/Atom/RDF/JSON feeds", { tried: tally.cases, survived: problem ? tally.cases - 1 : tally.cases }, problem ? [problem] : [], notes);
  } finally {
    temp.remove();
  }
}

const VALID_CONFIG = {
  newsletter: { name: "Fuzz Brief", from: "Fuzz Brief <news@example.org>", siteUrl: "https://news.example.org" },
  feeds: [{ url: "feeds/a.xml", name: "A", weight: 2 }, { url: "https://example.org/b.rss" }],
  digest: { headlines: 8, sections: "feed" },
  schedule: { cron: "0 7 * * *", timezone: "UTC" },
  smtp: { url: "smtp://127.0.0.1:2525", retries: 3 },
  theme: { brandColor: "#0b5cad", logo: { url: "https://example.org/logo.png", width: 100, height: 40 } },
  links: { utm: {} },
  server: { port: 8025 },
};
/** `file: where: what`, where a key path (any key name a fuzzer makes) or a YAML line. */
const CONFIG_LINE = /^cfg\.yaml: [^\n]+?: \S/;

/** Configs with values replaced by anything, keys removed or added, and the YAML text mangled. */
export async function fuzzConfigs(runs: number, seed: number): Promise<ChaosRow> {
  const tally: Tally = { cases: 0, failures: 0, slowest: 0 };
  const leafPaths = paths(VALID_CONFIG);
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...leafPaths), value: fc.jsonValue({ maxDepth: 2 }) }),
    fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...leafPaths) }),
    fc.record({ kind: fc.constant("add" as const), path: fc.constantFrom(...leafPaths), value: fc.jsonValue({ maxDepth: 1 }) }),
  );
  const problem = await check(
    fc.asyncProperty(fc.array(edit, { maxLength: 4 }), fc.array(mutation, { maxLength: 2 }), async (edits, mutations) => {
      tally.cases += 1;
      const config = structuredClone(VALID_CONFIG) as Record<string, unknown>;
      for (const e of edits) applyEdit(config, e);
      const text = mutate(stringify(config), mutations);
      try {
        await timed(() => parseConfig(text, "cfg.yaml"), tally);
      } catch (error) {
        tally.failures += 1;
        if (!(error instanceof LeadlineError) || error.code !== "ECONFIG") throw new Error(`not a LeadlineError: ${String(error)}\n${text}`);
        const bad = error.message.split("\n").find((line) => !CONFIG_LINE.test(line));
        if (bad !== undefined) throw new Error(`unclear config error line: ${JSON.stringify(bad)}\n${text}`);
      }
    }),
    runs,
    seed,
  );
  const notes = `${tally.cases} mutated configs, ${tally.failures} refused as "file: key.path: …", slowest ${tally.slowest} ms`;
  return chaosRow("4 parser fuzzing", "mutated configs (values, keys, YAML text)", { tried: tally.cases, survived: problem ? tally.cases - 1 : tally.cases }, problem ? [problem] : [], notes);
}

/** Runs a property; the shrunk counterexample's message, or undefined when it held. */
async function check(property: fc.IAsyncProperty<[unknown, unknown]> | fc.IAsyncProperty<never>, runs: number, seed: number): Promise<string | undefined> {
  const details = await fc.check(property as fc.IAsyncProperty<[unknown, unknown]>, { numRuns: runs, seed, endOnFailure: true });
  if (!details.failed) return undefined;
  return `seed ${seed}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`.slice(0, 600);
}

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))].filter((p) => p.length > 0);
}

function applyEdit(config: Record<string, unknown>, e: { kind: "set" | "delete" | "add"; path: (string | number)[]; value?: unknown }): void {
  const parent = e.path.slice(0, -1).reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), config);
  if (!parent || typeof parent !== "object") return;
  const target = parent as Record<string | number, unknown>;
  const key = e.path.at(-1)!;
  if (e.kind === "set") target[key] = e.value;
  else if (e.kind === "delete") delete target[key];
  else target[`${String(key)}Extra`] = e.value;
}

