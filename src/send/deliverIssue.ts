// Sends a stored issue to every pending recipient, journalling each delivery before and after SMTP.
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../store/openStore.ts";
import { setSubscriberStatus } from "../store/subscribers.ts";
import { isStillActive, journalOutcome, journalSending, pendingRecipients, type Recipient } from "../store/deliveries.ts";
import { composeMessage, type MessageContext } from "./composeMessage.ts";
import type { SendFailure, SendOutcome, Transport } from "./transport.ts";

/** Mailbox unavailable, not local, or name not allowed, at RCPT TO: the address itself is bad. */
const HARD_BOUNCE_CODES = new Set([550, 551, 553]);

/** A 5.7.x enhanced status is a policy refusal (spam, reputation), not a dead mailbox. */
function isHardBounce(failure: SendFailure): boolean {
  return failure.scope === "recipient" && failure.code !== undefined && HARD_BOUNCE_CODES.has(failure.code) && !/\b5\.7\.\d+/.test(failure.response);
}

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
  /** The server refused the session itself (login, our sender address): the run stopped, nobody is marked. */
  stoppedBy?: string;
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
  /** Set by deliverIssue itself: ends the run when the session, not a recipient, is refused. */
  stopRun?: (reason: string) => void;
}

export async function deliverIssue(options: DeliverOptions): Promise<DeliverySummary> {
  // A refused login or sender address stops this run; the caller's signal stops it too.
  const stop = new AbortController();
  options = { ...options, signal: options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal, stopRun: (reason) => stop.abort(reason) };
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
  summary.interrupted = summary.remaining > 0 && summary.stoppedBy === undefined;
  return summary;
}

async function deliverOne(recipient: Recipient, options: DeliverOptions, summary: DeliverySummary): Promise<void> {
  const { db, issueId, clock } = options;
  if (!isStillActive(db, recipient.id)) return;
  const message = composeMessage(recipient, { ...options.message, now: clock() });
  journalSending(db, issueId, recipient.id, clock());
  const outcome = await sendWithRetries(options, () => options.transport.send(message));
  if (outcome.ok) {
    journalOutcome(db, issueId, recipient.id, "sent", outcome.response, clock());
    summary.sent += 1;
    return;
  }
  if (outcome.scope === "session" && outcome.permanent) {
    // Not this subscriber's fault: leave them to be tried again once the setup is fixed, and stop.
    journalOutcome(db, issueId, recipient.id, "deferred", outcome.response, clock());
    summary.stoppedBy ??= outcome.response;
    options.stopRun?.(outcome.response);
    return;
  }
  journalOutcome(db, issueId, recipient.id, outcome.permanent ? "failed" : "deferred", outcome.response, clock());
  // A hard bounce puts the address on the suppression list: no later issue is sent to it.
  if (isHardBounce(outcome)) setSubscriberStatus(db, recipient.id, "bounced", clock());
  summary.failed += 1;
  summary.failures.push({ email: recipient.email, response: outcome.response, permanent: outcome.permanent });
}

/** Temporary failures are tried again after 1, 2, 4… × retryDelayMs; permanent ones are not. */
async function sendWithRetries(options: DeliverOptions, send: () => Promise<SendOutcome>): Promise<SendOutcome> {
  let outcome = await send();
  for (let attempt = 0; !outcome.ok && !outcome.permanent && attempt < options.retries; attempt++) {
    // A shutdown does not wait out the back-off: the message is left deferred for the next run.
    const aborted = await sleep(options.retryDelayMs * 2 ** attempt, false, { signal: options.signal }).catch(() => true);
    if (aborted) return outcome;
    outcome = await send();
  }
  return outcome;
}
