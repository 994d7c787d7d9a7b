// `leadline build`: today's digest without sending — digest.html, digest.txt and digest.json in a folder.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildAndRender } from "../../issue/prepareIssue.ts";
import { personalValues } from "../../send/composeMessage.ts";
import { escapeHtml, splice } from "../../render/personalFields.ts";
import { consoleLogger, loadContextConfig, makeClock, withStore, type CommandContext } from "../context.ts";

/** Who the built files are addressed to: an example, never a real subscriber. */
const EXAMPLE_READER = { id: 0, email: "reader@example.org", name: "Reader", fields: {} };

export async function runBuild(context: CommandContext, options: { out: string; json?: boolean }): Promise<void> {
  const config = loadContextConfig(context);
  const clock = makeClock(context);
  const built = await withStore(config, (store) => buildAndRender(config, store.db, clock(), consoleLogger(context.output)));
  if ("nothingToSend" in built) return context.output.err(`no digest built: ${built.nothingToSend}`);
  const { digest, rendered } = built;
  const values = personalValues(EXAMPLE_READER, `${config.server.publicUrl.replace(/\/$/, "")}/unsubscribe/example`);
  const outDir = path.resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify({ subject: splice(rendered.subject, values, (s) => s), htmlBytes: rendered.htmlBytes, ...digest }, null, 2);
  writeFileSync(path.join(outDir, "digest.html"), splice(rendered.html, values, escapeHtml));
  writeFileSync(path.join(outDir, "digest.txt"), splice(rendered.text, values, (s) => s));
  writeFileSync(path.join(outDir, "digest.json"), `${json}\n`);
  if (options.json) context.output.out(json);
  context.output.err(
    `built "${digest.lead.title}" + ${digest.headlines.length} headline(s), HTML ${(rendered.htmlBytes / 1024).toFixed(1)} KB → ${outDir}/digest.{html,txt,json}`,
  );
}
