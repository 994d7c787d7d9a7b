// `leadline feeds status|import|export`: feed health from the store, and feed lists to and from OPML.
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { LeadlineError } from "../../errors.ts";
import { readFileBytes } from "../../readTextFile.ts";
import { decodeFeed } from "../../feeds/decodeFeed.ts";
import { expandFeeds } from "../../feeds/expandFeeds.ts";
import { readOpml } from "../../feeds/readOpml.ts";
import { writeOpml } from "../../feeds/writeOpml.ts";
import { feedHealth, type FeedHealth } from "../../store/feedState.ts";
import { loadContextConfig, SENDS_NOTHING, makeClock, withStore, type CommandContext } from "../context.ts";

export async function runStatus(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const config = loadContextConfig(context, SENDS_NOTHING);
  const sources = await expandFeeds(config);
  const rows = await withStore(config, (store) => sources.map((source) => ({ ...source, health: feedHealth(store.db, source.url) })));
  for (const { url, name, health } of rows) {
    const state = stateOf(health);
    if (state === "failing") context.fail(1);
    if (options.json) context.output.out(JSON.stringify({ url, name: name ?? health?.title ?? null, state, ...withoutUrl(health) }));
    else context.output.out(describeFeedHealth(name ?? health?.title ?? url, url, state, health));
  }
}

export function stateOf(health: FeedHealth | undefined): "ok" | "failing" | "never fetched" {
  if (!health) return "never fetched";
  return health.consecutiveFailures > 0 ? "failing" : "ok";
}

function withoutUrl(health: FeedHealth | undefined): Omit<FeedHealth, "url"> | object {
  if (!health) return {};
  const { url: _url, ...rest } = health;
  return rest;
}

export function describeFeedHealth(name: string, url: string, state: string, health: FeedHealth | undefined): string {
  const lines = [`${name} (${url}): ${state}${health && health.consecutiveFailures > 0 ? `, ${health.consecutiveFailures} failure(s) in a row` : ""}`];
  if (health?.lastSuccessAt) lines.push(`  last success ${health.lastSuccessAt}${health.lastNotModified ? " (not modified)" : ""}`);
  if (health?.lastError) lines.push(`  last error   ${health.lastErrorAt}: ${health.lastError}`);
  return lines.join("\n");
}

/** Prints the OPML file's feeds as a `feeds:` block for the config file. */
export function runImport(context: CommandContext, file: string): void {
  const bytes = readFileBytes(file, "EINPUT");
  let feeds;
  try {
    feeds = readOpml(decodeFeed(bytes));
  } catch (error) {
    throw new LeadlineError("EINPUT", `${file}: not a usable OPML file: ${(error as Error).message}`);
  }
  context.output.out(stringify({ feeds: feeds.map((f) => (f.name ? { url: f.url, name: f.name } : { url: f.url })) }).trimEnd());
  context.output.err(`${feeds.length} feed(s) from ${file}; paste them into the config, or list the file itself: feeds: [{opml: ${file}}]`);
}

export async function runExport(context: CommandContext, options: { out?: string }): Promise<void> {
  const config = loadContextConfig(context, SENDS_NOTHING);
  const opml = writeOpml(await expandFeeds(config), config.newsletter.name, makeClock(context)());
  if (options.out) writeFileSync(options.out, opml);
  else context.output.out(opml.trimEnd());
}
