// `leadline fetch SOURCE…`: fetch and parse feeds, print what was found (or JSON lines with --json).
import path from "node:path";
import { configSchema, isHttpUrl } from "../../config/schema.ts";
import type { FeedResult } from "../../feeds/article.ts";
import { fetchFeed } from "../../feeds/fetchFeed.ts";
import { makeClock, type CommandContext } from "../context.ts";

export async function runFetch(context: CommandContext, sources: string[], options: { json?: boolean }): Promise<void> {
  const fetchOptions = configSchema.shape.fetch.parse(undefined);
  const clock = makeClock(context);
  for (const source of sources) {
    const location = isHttpUrl(source) ? source : path.resolve(source);
    const result = await fetchFeed({ url: location, name: source }, fetchOptions, clock());
    if (!result.ok) context.fail(1);
    if (options.json) context.output.out(JSON.stringify(toJson(result, source)));
    else printResult(result, source, context);
  }
}

function toJson(result: FeedResult, source: string): object {
  return result.ok
    ? { source, ok: true, feed: result.feed, articles: result.articles.map(({ feedName: _feed, ...a }) => a) }
    : { source, ok: false, error: result.error };
}

function printResult(result: FeedResult, source: string, { output }: CommandContext): void {
  if (!result.ok) {
    output.err(`${source}: ${result.error.message}`);
    return;
  }
  output.out(`${source}: ${result.feed.title || "(untitled)"}, ${result.articles.length} article(s)`);
  for (const a of result.articles) {
    const date = a.dateMissing ? `${a.published} (no date; when fetched)` : a.published;
    output.out(`  ${date}  ${a.title || "(no title)"}${a.skipped ? `  [skipped: ${a.skipped}]` : ""}`);
    // What `leadline pin`/`drop` take: the link, and the id when the feed gave one of its own.
    const handles = [a.link, a.id !== a.link ? `id: ${a.id}` : ""].filter(Boolean);
    if (handles.length) output.out(`      ${handles.join("  ")}`);
  }
}
