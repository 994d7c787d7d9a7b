// `leadline build`: today's digest without sending — the example message, its web version and a preview page in a folder.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../../config/load.ts";
import type { Digest } from "../../digest/digest.ts";
import { exampleMessage } from "../../issue/exampleMessage.ts";
import { buildAndRender, type BuiltIssue } from "../../issue/prepareIssue.ts";
import type { Logger } from "../../logger.ts";
import { openMjmlCompiler } from "../../render/mjml.ts";
import { previewPage } from "../../render/previewPage.ts";
import { renderWebVersion, type RenderOptions } from "../../render/renderIssue.ts";
import { renderOptions } from "../../render/renderOptions.ts";
import { archiveFileName } from "../../render/webArchive.ts";
import { pendingSlot } from "../../schedule/pendingSlot.ts";
import { currentSlot } from "../../schedule/slot.ts";
import { findIssue } from "../../store/issues.ts";
import { consoleLogger, loadContextConfig, SENDS_NOTHING, makeClock, withStore, type CommandContext } from "../context.ts";

export async function runBuild(context: CommandContext, options: { out: string; json?: boolean }): Promise<void> {
  const config = loadContextConfig(context, SENDS_NOTHING);
  const now = makeClock(context)();
  const outDir = path.resolve(options.out);
  const { built, archive, sentArchive } = await renderIssueAndArchive(config, { now, outDir, log: consoleLogger(context.output) });
  if (sentArchive) context.output.err(`web version of the issue sent in slot ${sentArchive.slot} → ${outDir}/${sentArchive.file}`);
  if ("nothingToSend" in built) {
    // A script reading --json gets an answer it can parse, not an empty output.
    if (options.json) context.output.out(JSON.stringify({ nothingToSend: built.nothingToSend }));
    return context.output.err(`no digest built: ${built.nothingToSend}`);
  }
  const json = writeMessage(config, built, outDir, archive);
  if (options.json) context.output.out(json);
  context.output.err(
    `built "${built.digest.lead.title}" + ${built.digest.headlines.length} headline(s), HTML ${(built.rendered.htmlBytes / 1024).toFixed(1)} KB → ${outDir}/{digest.html,digest.txt,digest.json,index.html,${archive?.file}}`,
  );
}

/**
 * The next digest, dated for the slot it will go out in (as the preview shows it), and its web version
 * written to `outDir`; once the current slot's issue is stored (sent), that issue's web version too:
 * it is what subscribers got, and their "View in browser" links point at it. One MJML worker for all.
 */
async function renderIssueAndArchive(config: Config, { now, outDir, log }: { now: Date; outDir: string; log: Logger }) {
  const mjml = openMjmlCompiler();
  try {
    const current = currentSlot(config.schedule, now);
    const { built, next, sent } = await withStore(config, async (store) => {
      const next = pendingSlot(config, store.db, now);
      return { next, built: await buildAndRender(config, store.db, now, log, { slot: next, mjml }), sent: findIssue(store.db, config.newsletter.name, current) };
    });
    const webVersion = async (slot: string, digest: Digest) => ({ slot, ...(await writeWebVersion({ ...renderOptions(config, slot, log), mjml }, slot, digest, outDir)) });
    const sentArchive = sent && next !== current ? await webVersion(current, JSON.parse(sent.digest) as Digest) : undefined;
    const archive = "digest" in built ? await webVersion(next, built.digest) : undefined;
    return { built, archive, sentArchive };
  } finally {
    await mjml.close();
  }
}

/** The web version (no personal data) as `archive/<slot>.html`, for publishing at newsletter.archiveUrl. */
async function writeWebVersion(options: RenderOptions, slot: string, digest: Digest, outDir: string) {
  const file = path.join("archive", archiveFileName(slot));
  const html = await renderWebVersion(digest, options);
  mkdirSync(path.join(outDir, "archive"), { recursive: true });
  writeFileSync(path.join(outDir, file), html);
  return { file, url: options.archiveUrl ?? null };
}

/** digest.html/.txt for the example reader, digest.json, and the preview page; returns the JSON. */
function writeMessage(config: Config, built: BuiltIssue, outDir: string, archive: { file: string; url: string | null } | undefined): string {
  const { digest, rendered } = built;
  const { subject, html, text } = exampleMessage(config, rendered);
  const json = JSON.stringify({ subject, htmlBytes: rendered.htmlBytes, archive, ...digest }, null, 2);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "digest.html"), html);
  writeFileSync(path.join(outDir, "digest.txt"), text);
  writeFileSync(path.join(outDir, "digest.json"), `${json}\n`);
  writeFileSync(path.join(outDir, "index.html"), previewPage(subject, "digest.html"));
  return json;
}
