// The main job: the slot's issue to every active subscriber, through SMTP or the built-in mail catcher.
import type { Config } from "../config/load.ts";
import type { Logger } from "../logger.ts";
import { composeMessage, type Recipient } from "../send/composeMessage.ts";
import { openDkimSigner } from "../send/dkimSigner.ts";
import { deliverIssue, type DeliverySummary, type SendProgress } from "../send/deliverIssue.ts";
import { startMailCatcher } from "../send/mailCatcher.ts";
import { openTransport, type Transport } from "../send/transport.ts";
import { signUnsubscribeToken, unsubscribeKey } from "../send/unsubscribeToken.ts";
import { countDeliveries, countPending } from "../store/deliveries.ts";
import { pendingSlot } from "../schedule/pendingSlot.ts";
import { completeIssue } from "../store/issues.ts";
import { storeKey } from "../store/meta.ts";
import type { Db } from "../store/openStore.ts";
import { buildAndRender, prepareIssue, subjectLine, type NothingToSend } from "./prepareIssue.ts";

/**
 * Messages in flight per SMTP connection: one written and waiting for its reply, one in its envelope
 * or DATA, and one ready to be pipelined behind it the moment the one before is written (smtpPool.ts).
 * 4 connections into smtp-sink: 3,250–3,520 msg/s against 3,250–3,340 with 2 per connection.
 */
const PER_CONNECTION = 3;

/**
 * Besides those: messages waiting for a DKIM signature, so a signing worker always has the next one.
 * (With 2 per connection, before pipelining: 12 in flight measured 630–740 msg/s against 470–560
 * with 8 and 480–540 with 16, signing on libuv's pool.) A crash leaves at most all of them in doubt.
 */
const SIGNING_AHEAD = 4;

export interface SendContext {
  config: Config;
  db: Db;
  /** HMAC key for unsubscribe links. */
  secret: string;
  clock: () => Date;
  log: Logger;
  onProgress?: (progress: SendProgress) => void;
  /** Told each run's id as the run log opens it, so that a process stopped past its grace can still record it (see cli/runInFlight.ts). */
  onRunStarted?: (runId: number, slot: string) => void;
  /** Aborting stops the send between messages (graceful shutdown). */
  signal?: AbortSignal;
}

export interface SendSummary extends DeliverySummary {
  slot: string;
  subject: string;
  resumed: boolean;
  /** Subscribers who already had this issue before this run. */
  skipped: number;
  /** Where the built-in mail catcher wrote the messages, when it was used. */
  outbox?: string;
}

/** Sends the slot's issue; when there is no issue (too few new stories) nothing is stored or sent. */
export async function sendNewsletter(context: SendContext, slot: string): Promise<SendSummary | NothingToSend> {
  const { config, db, clock, log } = context;
  const issue = await prepareIssue(config, db, slot, clock(), log);
  if ("nothingToSend" in issue) return issue;
  log.info(`${issue.resumed ? "resuming" : "built"} the issue for slot ${slot}: ${issue.stored.subject}`);
  const linkProblem = config.smtp.url ? unsubscribeLinkProblem(config.server.publicUrl) : undefined;
  if (linkProblem) log.warn(`server.publicUrl is ${config.server.publicUrl}: ${linkProblem}, so subscribers cannot unsubscribe from these messages; set it to the public https address of leadline serve`);
  const skipped = countDeliveries(db, issue.stored.id).sent;
  const signer = config.signing && openDkimSigner(config.signing);
  const summary = await withTransport(config, async (transport) =>
    deliverIssue({
      db,
      issueId: issue.stored.id,
      transport,
      signer,
      message: {
        newsletter: config.newsletter,
        issue: issue.rendered,
        issueKey: issueKey(db, issue.stored.id),
        unsubscribeUrl: unsubscribeLink(context),
      },
      concurrency: config.smtp.maxConnections * PER_CONNECTION + SIGNING_AHEAD,
      retries: config.smtp.retries,
      retryDelayMs: config.smtp.retryDelayMs,
      clock,
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
      signal: context.signal,
    }),
  ).finally(() => signer?.close());
  // Complete only when everyone due has it: an interrupted or stopped run leaves the issue in progress.
  const counts = countDeliveries(db, issue.stored.id);
  const finished = !summary.result.interrupted && summary.result.stoppedBy === undefined && counts.sending === 0 && counts.deferred === 0;
  // Counted, not listed: after a failed run of a large list, that list would be read whole into memory.
  if (finished && countPending(db, issue.stored.id).pending === 0) completeIssue(db, issue.stored.id, clock());
  return { ...summary.result, slot, subject: issue.stored.subject, resumed: issue.resumed, skipped, ...summary.outbox };
}

/**
 * A test send: the next issue, built now, to one address; the journal and history are not touched.
 * `useApproved: false` (the preview's) tests the version on the page rather than an approved one.
 */
export async function sendTest(context: SendContext, address: string, options: { useApproved?: boolean } = {}): Promise<SendSummary | NothingToSend> {
  const { config, db, clock, log } = context;
  // Dated for the slot the next send is for, as the preview and `build` show it.
  const built = await buildAndRender(config, db, clock(), log, { slot: pendingSlot(config, db, clock()), ...options });
  if ("nothingToSend" in built) return built;
  const { rendered } = built;
  const recipient: Recipient = { id: 0, email: address, name: "", fields: {} };
  const { result, outbox } = await withTransport(config, async (transport) => {
    const message = composeMessage(recipient, {
      newsletter: config.newsletter,
      issue: rendered,
      issueKey: `test-${clock().getTime()}.${storeKey(db)}`,
      unsubscribeUrl: () => `${config.server.publicUrl.replace(/\/$/, "")}/unsubscribe/test`,
      now: clock(),
    });
    return transport.send({ ...message, subject: `[TEST] ${message.subject}` });
  });
  const failures = result.ok ? [] : [{ email: address, response: result.response, permanent: result.permanent }];
  return {
    sent: result.ok ? 1 : 0,
    failed: result.ok ? 0 : 1,
    interrupted: false,
    remaining: 0,
    inDoubt: 0,
    failures,
    slot: "test",
    subject: subjectLine(rendered),
    resumed: false,
    skipped: 0,
    ...outbox,
  };
}

/**
 * Why the unsubscribe links would not work for a subscriber, if they would not: a loopback address
 * (the default, fine for the built-in mail catcher) or plain http (RFC 8058 one-click needs https).
 */
export function unsubscribeLinkProblem(publicUrl: string): string | undefined {
  const url = new URL(publicUrl);
  if (/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname)) return "a loopback address";
  if (url.protocol !== "https:") return "not https (one-click unsubscribe, RFC 8058, needs https)";
  return undefined;
}

/** Names the issue in Message-IDs and Feedback-ID: its id, and the store's own key so that no other store's issue has the same name. */
export function issueKey(db: Db, issueId: number): string {
  return `issue-${issueId}.${storeKey(db)}`;
}

export function unsubscribeLink(context: Pick<SendContext, "config" | "secret">): (recipient: Recipient) => string {
  const base = context.config.server.publicUrl.replace(/\/$/, "");
  const key = unsubscribeKey(context.secret);
  return (recipient) => `${base}/unsubscribe/${signUnsubscribeToken(key, recipient.id, recipient.email)}`;
}

/** Runs `work` with the configured SMTP transport, or with the built-in mail catcher when none is set. */
async function withTransport<T>(config: Config, work: (transport: Transport) => Promise<T>): Promise<{ result: T; outbox?: { outbox: string } }> {
  const catcher = config.smtp.url ? undefined : await startMailCatcher(config.outbox);
  try {
    const transport = openTransport({
      url: config.smtp.url ?? catcher!.url,
      maxConnections: config.smtp.maxConnections,
      rateLimit: config.smtp.rateLimit,
      dkim: config.signing,
    });
    try {
      const result = await work(transport);
      return catcher ? { result, outbox: { outbox: catcher.outbox } } : { result };
    } finally {
      transport.close();
    }
  } finally {
    await catcher?.close();
  }
}
