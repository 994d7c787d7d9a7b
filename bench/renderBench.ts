// Render throughput: the issue compiled once (MJML), then personalised messages built per second (median of 5 rounds).
import { loadConfig } from "../src/config/load.ts";
import { prepareIssue } from "../src/issue/prepareIssue.ts";
import { unsubscribeLink } from "../src/issue/sendNewsletter.ts";
import { silentLogger } from "../src/logger.ts";
import { currentSlot } from "../src/schedule/slot.ts";
import { composeRawMessage } from "../src/send/composeMessage.ts";
import { buildMimeTemplate, rawBytes } from "../src/send/mimeTemplate.ts";
import { openStore } from "../src/store/openStore.ts";
import { BENCH_NOW, createNewsroom } from "./newsroom.ts";

/** Rounds of `messages` each after a warm-up; the median is reported, so one busy moment does not decide. */
const ROUNDS = 5;

export interface RenderMeasurement {
  compileMs: number;
  messagesPerSecond: number;
  messageBytes: number;
}

export async function measureRender(messages: number): Promise<RenderMeasurement> {
  const newsroom = createNewsroom(0, "smtp://127.0.0.1:1");
  const config = loadConfig(newsroom.config);
  const store = openStore(config.store);
  try {
    const compileStarted = performance.now();
    const prepared = await prepareIssue(config, store.db, currentSlot(config.schedule, BENCH_NOW), BENCH_NOW, silentLogger);
    const compileMs = performance.now() - compileStarted;
    if ("nothingToSend" in prepared) throw new Error(prepared.nothingToSend);
    const context = { newsletter: config.newsletter, issue: prepared.rendered, issueKey: "issue-1", unsubscribeUrl: unsubscribeLink({ config, secret: "bench" }), now: BENCH_NOW };
    const template = buildMimeTemplate(prepared.rendered);
    let bytes = 0;
    const round = () => {
      const started = performance.now();
      for (let i = 0; i < messages; i++) {
        const recipient = { id: i + 1, email: `reader${i}@example.net`, name: `Reader ${i}`, fields: { city: "Springfield" } };
        bytes = rawBytes(composeRawMessage(recipient, context, template)!.message).length;
      }
      return messages / ((performance.now() - started) / 1000);
    };
    round(); // warm-up: the JIT compiles the path first
    const rates = Array.from({ length: ROUNDS }, round).sort((a, b) => a - b);
    return { compileMs, messagesPerSecond: rates[Math.floor(ROUNDS / 2)]!, messageBytes: bytes };
  } finally {
    store.close();
    newsroom.remove();
  }
}
