// Render throughput: the issue compiled once (MJML), then personalised messages built per second (median of 5 rounds).
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { compiledModule } from "./compiledCli.ts";
import { BENCH_NOW, createNewsroom } from "./newsroom.ts";

/** Rounds of `messages` each after a warm-up; the median is reported, so one busy moment does not decide. */
const ROUNDS = 5;

/** The render measurement in a process of its own (bench/renderChild.ts), like each send. */
export async function measureRenderApart(messages: number): Promise<RenderMeasurement> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "renderChild.ts");
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", child, String(messages)], { encoding: "utf8" });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as RenderMeasurement;
}

export interface RenderMeasurement {
  compileMs: number;
  messagesPerSecond: number;
  /** Every round's rate, slowest first: how steady the machine was. */
  rounds: number[];
  messageBytes: number;
}

export async function measureRender(messages: number): Promise<RenderMeasurement> {
  // The compiled code, as `leadline send` runs it.
  const { loadConfig } = await compiledModule<typeof import("../src/config/load.ts")>("config/load");
  const { prepareIssue } = await compiledModule<typeof import("../src/issue/prepareIssue.ts")>("issue/prepareIssue");
  const { unsubscribeLink } = await compiledModule<typeof import("../src/issue/sendNewsletter.ts")>("issue/sendNewsletter");
  const { silentLogger } = await compiledModule<typeof import("../src/logger.ts")>("logger");
  const { currentSlot } = await compiledModule<typeof import("../src/schedule/slot.ts")>("schedule/slot");
  const { composeRawMessage } = await compiledModule<typeof import("../src/send/composeMessage.ts")>("send/composeMessage");
  const { buildMimeTemplate, wireChunks } = await compiledModule<typeof import("../src/send/mimeTemplate.ts")>("send/mimeTemplate");
  const { openStore } = await compiledModule<typeof import("../src/store/openStore.ts")>("store/openStore");
  // One subscriber: with none, no issue is built (its stories would count as sent to nobody).
  const newsroom = createNewsroom(1, "smtp://127.0.0.1:1");
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
        // Built as the send writes it: the headers and personal parts as new Buffers, the issue's pieces shared.
        bytes = wireChunks(composeRawMessage(recipient, context, template)!.message).reduce((sum, chunk) => sum + chunk.length, 0);
      }
      return messages / ((performance.now() - started) / 1000);
    };
    round(); // warm-up: the JIT compiles the path first
    const rates = Array.from({ length: ROUNDS }, round).sort((a, b) => a - b);
    return { compileMs, messagesPerSecond: rates[Math.floor(ROUNDS / 2)]!, rounds: rates.map(Math.round), messageBytes: bytes };
  } finally {
    store.close();
    newsroom.remove();
  }
}
