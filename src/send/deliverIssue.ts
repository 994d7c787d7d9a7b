// Sends a stored issue to every pending recipient, journalling each delivery before and after SMTP.
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../store/openStore.ts";
import { setSubscriberStatus } from "../store/subscribers.ts";
import { journalOutcome, journalSending, pendingRecipients, type Recipient } from "../store/deliveries.ts";
import { composeMessage, type MessageContext } from "./composeMessage.ts";
import type { SendOutcome, Transport } from "./transport.ts";

/** Mailbox unavailable, not local, or name not allowed: the address itself is bad. */
const HARD_BOUNCE_CODES = new Set([550, 551, 553]);

export interface DeliveryFailure {
  email: string;
  response: string;
  permanent: boolean;
}

export interface DeliverySummary {
  sent: number;
  failed: number;
  /** True when a shutdown stopped the run before every pending recipient was tried. */
  interrupted: boolean;
  /** Recipients not tried because of the interruption; the next run sends to them. */
  remaining: number;
  /** Recipients a run that died left 'sending': they may or may not have received it. */
  inDoubt: number;
  failures: DeliveryFailure[];
}

export interface DeliverOptions {
  db: Db;
  issueId: number;
  transport: Transport;
  message: Omit<MessageContext, "now">;
  /** How many messages are in flight at once; keeps every pooled connection busy. */
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  clock: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops taking new recipients; messages already handed to SMTP finish and are journalled. */
  signal?: AbortSignal | undefined;
}

export async function deliverIssue(options: DeliverOptions): Promise<DeliverySummary> {
  const recipients = pendingRecipients(options.db, options.issueId);
  const summary: DeliverySummary = { sent: 0, failed: 0, interrupted: false, remaining: 0, inDoubt: 0, failures: [] };
  summary.inDoubt = recipients.filter((r) => r.previous === "sending").length;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < recipients.length && !options.signal?.aborted) {
      const recipient = recipients[next++]!;
      await deliverOne(recipient, options, summary);
      options.onProgress?.(++done, recipients.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, recipients.length)) }, worker));
  summary.remaining = recipients.length - next;
  summary.interrupted = summary.remaining > 0;
  return summary;
}

async function deliverOne(recipient: Recipient, options: DeliverOptions, summary: DeliverySummary): Promise<void> {
  const { db, issueId, clock } = options;
  const message = composeMessage(recipient, { ...options.message, now: clock() });
  journalSending(db, issueId, recipient.id, clock());
  const outcome = await sendWithRetries(options, () => options.transport.send(message));
  if (outcome.ok) {
    journalOutcome(db, issueId, recipient.id, "sent", outcome.response, clock());
    summary.sent += 1;
    return;
  }
  journalOutcome(db, issueId, recipient.id, outcome.permanent ? "failed" : "deferred", outcome.response, clock());
  // A hard bounce puts the address on the suppression list: no later issue is sent to it.
  if (outcome.code !== undefined && HARD_BOUNCE_CODES.has(outcome.code)) setSubscriberStatus(db, recipient.id, "bounced", clock());
  summary.failed += 1;
  summary.failures.push({ email: recipient.email, response: outcome.response, permanent: outcome.permanent });
}

/** Temporary failures are tried again after 1, 2, 4… × retryDelayMs; permanent ones are not. */
async function sendWithRetries(options: DeliverOptions, send: () => Promise<SendOutcome>): Promise<SendOutcome> {
  let outcome = await send();
  for (let attempt = 0; !outcome.ok && !outcome.permanent && attempt < options.retries; attempt++) {
    await sleep(options.retryDelayMs * 2 ** attempt);
    outcome = await send();
  }
  return outcome;
}
