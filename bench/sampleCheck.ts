// Correctness of the fast path: a sample sent through Leadline's send path into a parsing SMTP server, each message compared with what it should be.
import { loadConfig } from "../src/config/load.ts";
import { prepareIssue } from "../src/issue/prepareIssue.ts";
import { issueKey, unsubscribeLink } from "../src/issue/sendNewsletter.ts";
import { silentLogger } from "../src/logger.ts";
import { currentSlot } from "../src/schedule/slot.ts";
import type { RenderedIssue } from "../src/render/renderIssue.ts";
import { composeMessage } from "../src/send/composeMessage.ts";
import { openStore } from "../src/store/openStore.ts";
import { listSubscribers } from "../src/store/subscribers.ts";
import { dkimVerdict } from "../tests/helpers/dkim.ts";
import { startSmtpServer } from "../tests/helpers/smtpServer.ts";
import { BENCH_NOW, createNewsroom } from "./newsroom.ts";
import { measureSend } from "./sendBench.ts";

export interface SampleCheck {
  checked: number;
  problems: string[];
  /** Size of one message as sent (DKIM signature included), for smtp-source's -l. */
  messageBytes: number;
}

export async function checkSample(count: number): Promise<SampleCheck> {
  const smtp = await startSmtpServer();
  const newsroom = createNewsroom(count, smtp.url);
  const problems: string[] = [];
  try {
    const expected = await expectedMessages(newsroom.config, newsroom.store);
    await measureSend("leadline", count, smtp.url, { ...newsroom, remove: () => {} });
    if (smtp.messages.length !== count) problems.push(`${smtp.messages.length} of ${count} messages arrived`);
    for (const { raw, parsed, envelopeTo } of smtp.messages) {
      const want = expected.get(envelopeTo[0] ?? "");
      const who = envelopeTo[0] ?? "?";
      if (!want) {
        problems.push(`unexpected recipient ${who}`);
        continue;
      }
      if (parsed.subject !== want.subject) problems.push(`${who}: subject differs`);
      if (parsed.html !== want.html) problems.push(`${who}: HTML part differs from the composed one`);
      if (parsed.text?.trimEnd() !== want.text.trimEnd()) problems.push(`${who}: text part differs from the composed one`);
      if (parsed.messageId !== want.messageId.replace(/^<|>$/g, "") && parsed.messageId !== want.messageId) problems.push(`${who}: Message-ID differs`);
      if ((await dkimVerdict(raw, "bench._domainkey.example.org", newsroom.dkimPublicKey)) !== "pass") problems.push(`${who}: DKIM does not verify`);
      expected.delete(who);
    }
    return { checked: smtp.messages.length, problems: problems.slice(0, 10), messageBytes: smtp.messages[0]?.raw.length ?? 0 };
  } finally {
    await smtp.close();
    newsroom.remove();
  }
}

/** What each subscriber should get, composed by the plain (nodemailer-composed) path from the stored issue. */
async function expectedMessages(configFile: string, storeFile: string) {
  const config = loadConfig(configFile);
  const store = openStore(storeFile);
  const prepared = await prepareIssue(config, store.db, currentSlot(config.schedule, BENCH_NOW), BENCH_NOW, silentLogger);
  if ("nothingToSend" in prepared) throw new Error(prepared.nothingToSend);
  const rendered: RenderedIssue = prepared.rendered;
  const context = { newsletter: config.newsletter, issue: rendered, issueKey: issueKey(store.db, prepared.stored.id), unsubscribeUrl: unsubscribeLink({ config, secret: "bench-secret" }), now: BENCH_NOW };
  const expected = new Map(listSubscribers(store.db, "active").map((s) => [s.email, composeMessage(s, context)]));
  store.close();
  return expected;
}
