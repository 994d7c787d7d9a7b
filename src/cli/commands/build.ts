// `leadline build`: today's digest without sending — the example message, its web version and a preview page in a folder.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildAndRender } from "../../issue/prepareIssue.ts";
import { personalValues } from "../../send/composeMessage.ts";
import { escapeHtml, splice } from "../../render/personalFields.ts";
import { previewPage } from "../../render/previewPage.ts";
import { renderWebVersion } from "../../render/renderIssue.ts";
import { archiveFileName } from "../../render/webArchive.ts";
import { currentSlot } from "../../schedule/slot.ts";
import { findIssue } from "../../store/issues.ts";
import type { Digest } from "../../digest/digest.ts";
import { consoleLogger, loadContextConfig, makeClock, withStore, type CommandContext } from "../context.ts";

/** Who the built files are addressed to: an example, never a real subscriber. */
const EXAMPLE_READER = { id: 0, email: "reader@example.org", name: "Reader", fields: {} };

export async function runBuild(context: CommandContext, options: { out: string; json?: boolean }): Promise<void> {
  const config = loadContextConfig(context);
  const now = makeClock(context)();
  const slot = currentSlot(config.schedule, now);
  const log = consoleLogger(context.output);
  const { built, sent } = await withStore(config, async (store) => ({
    built: await buildAndRender(config, store.db, now, log, slot),
    sent: findIssue(store.db, config.newsletter.name, slot),
  }));
  const { digest, rendered } = built;
  // Once the slot's issue is stored (sent), its web version must show what subscribers got, not the next digest.
  const web = await renderWebVersion(sent ? (JSON.parse(sent.digest) as Digest) : digest, built.options);
  const values = personalValues(EXAMPLE_READER, `${config.server.publicUrl.replace(/\/$/, "")}/unsubscribe/example`);
  const outDir = path.resolve(options.out);
  const archiveFile = path.join("archive", archiveFileName(slot));
  mkdirSync(path.join(outDir, "archive"), { recursive: true });
  const summary = {
    subject: splice(rendered.subject, values, (s) => s),
    htmlBytes: rendered.htmlBytes,
    archive: { file: archiveFile, url: built.options.archiveUrl ?? null },
    ...digest,
  };
  const json = JSON.stringify(summary, null, 2);
  writeFileSync(path.join(outDir, "digest.html"), splice(rendered.html, values, escapeHtml));
  writeFileSync(path.join(outDir, "digest.txt"), splice(rendered.text, values, (s) => s));
  writeFileSync(path.join(outDir, "digest.json"), `${json}\n`);
  writeFileSync(path.join(outDir, archiveFile), web);
  writeFileSync(path.join(outDir, "index.html"), previewPage(summary.subject, "digest.html"));
  if (options.json) context.output.out(json);
  context.output.err(
    `built "${digest.lead.title}" + ${digest.headlines.length} headline(s), HTML ${(rendered.htmlBytes / 1024).toFixed(1)} KB → ${outDir}/{digest.html,digest.txt,digest.json,index.html,${archiveFile}}`,
  );
}
