// Sends a stored issue to every pending recipient, journalling each delivery before and after SMTP.
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../store/openStore.ts";
import { setSubscriberStatus } from "../store/subscribers.ts";
import { countPending, journalSending, outcomeBatch, pendingRecipientsAfter, type OutcomeBatch, type Recipient } from "../store/deliveries.ts";
import { composeMessage, composeRawMessage, type MessageContext } from "./composeMessage.ts";
import { buildMimeTemplate, type MimeTemplate } from "./mimeTemplate.ts";
import type { SendOutcome, Transport } from "./transport.ts";

/** Recipients read from the store at a time: memory stays flat however long the list. */
const RECIPIENT_PAGE = 500;
/** Outcomes committed together: one transaction per this many SMTP replies. */
const OUTCOME_BATCH = 64;

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
  const { db, issueId } = options;
  const { pending, inDoubt } = countPending(db, issueId);
  const summary: DeliverySummary = { sent: 0, failed: 0, interrupted: false, remaining: 0, inDoubt, failures: [] };
  const run: Run = { options, summary, template: buildMimeTemplate(options.message.issue), outcomes: outcomeBatch(db, issueId) };
  const next = recipientStream(options);
  let taken = 0;
  let done = 0;
  const worker = async () => {
    for (let recipient = next(); recipient && !options.signal?.aborted; recipient = next()) {
      taken += 1;
      await deliverOne(recipient, run);
      options.onProgress?.(++done, pending);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, pending)) }, worker));
  } finally {
    run.outcomes.flush();
  }
  summary.remaining = Math.max(0, pending - taken);
  summary.interrupted = summary.remaining > 0;
  return summary;
}

interface Run {
  options: DeliverOptions;
  summary: DeliverySummary;
  /** The issue's MIME body, encoded once for every message of the run. */
  template: MimeTemplate;
  outcomes: OutcomeBatch;
}

/** Pending recipients page by page, in id order; undefined when there are no more. */
function recipientStream({ db, issueId }: DeliverOptions): () => Recipient | undefined {
  let page: Recipient[] = [];
  let index = 0;
  let lastId = 0;
  let exhausted = false;
  return () => {
    if (index === page.length && !exhausted) {
      page = pendingRecipientsAfter(db, issueId, lastId, RECIPIENT_PAGE);
      index = 0;
      exhausted = page.length < RECIPIENT_PAGE;
      lastId = page.at(-1)?.id ?? lastId;
    }
    return page[index++];
  };
}

async function deliverOne(recipient: Recipient, run: Run): Promise<void> {
  const { options, summary, outcomes } = run;
  const { db, issueId, clock } = options;
  const context = { ...options.message, now: clock() };
  const message = composeRawMessage(recipient, context, run.template) ?? composeMessage(recipient, context);
  journalSending(db, issueId, recipient.id, clock());
  const outcome = await sendWithRetries(options, () => options.transport.send(message));
  if (outcome.ok) {
    outcomes.add(recipient.id, "sent", outcome.response, clock());
    if (summary.sent++ % OUTCOME_BATCH === OUTCOME_BATCH - 1) outcomes.flush();
    return;
  }
  outcomes.add(recipient.id, outcome.permanent ? "failed" : "deferred", outcome.response, clock());
  outcomes.flush();
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
