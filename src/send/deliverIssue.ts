// Sends a stored issue to every pending recipient, journalling each delivery before and after SMTP.
import { defaultMaxListeners, setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { eachConcurrently } from "../eachConcurrently.ts";
import type { Db } from "../store/openStore.ts";
import { setSubscriberStatus } from "../store/subscribers.ts";
import { countPending, deliveryJournal, pendingRecipientsAfter, type DeliveryJournal, type Recipient } from "../store/deliveries.ts";
import { composeMessage, composeRawMessage, type MessageContext } from "./composeMessage.ts";
import type { DkimSigner } from "./dkimSigner.ts";
import { buildMimeTemplate, wireChunks, type MimeTemplate } from "./mimeTemplate.ts";
import { describeSessionStop, type OutgoingMessage, type RawOutgoingMessage, type SendFailure, type SendOutcome, type Transport } from "./transport.ts";

/** Recipients read from the store at a time: memory stays flat however long the list. */
const RECIPIENT_PAGE = 500;
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
  /** A hard bounce: the subscriber is now `bounced`, and no later issue goes to them. */
  bounced?: true;
}

export interface DeliverySummary {
  sent: number;
  failed: number;
  /** True when a shutdown stopped the run before every pending recipient was tried. */
  interrupted: boolean;
  /** Recipients not tried because the run stopped early; the next run sends to them. */
  remaining: number;
  /** Recipients a run that died left 'sending': they may or may not have received it. */
  inDoubt: number;
  failures: DeliveryFailure[];
  /**
   * Why the run stopped on a failure of the session itself (the server unreachable or dropping us,
   * a refused login or sender address), as a sentence for the operator; nobody is marked.
   */
  stoppedBy?: string;
}

/** Where a send stands: recipients tried out of those pending, and what came of them so far. */
export interface SendProgress {
  tried: number;
  total: number;
  sent: number;
  /** Refused or still deferred after the retries; the rest of those tried were not sent (the run stopped, or they unsubscribed). */
  failed: number;
}

export interface DeliverOptions {
  db: Db;
  issueId: number;
  transport: Transport;
  /** Signs the messages spliced here; the transport signs those nodemailer composes. */
  signer?: DkimSigner | undefined;
  message: Omit<MessageContext, "now">;
  /** How many messages are in flight at once; keeps every pooled connection busy. */
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  clock: () => Date;
  onProgress?: (progress: SendProgress) => void;
  /** Aborting stops taking new recipients; messages already handed to SMTP finish and are journalled. */
  signal?: AbortSignal | undefined;
}

interface Run {
  options: DeliverOptions;
  summary: DeliverySummary;
  /** The issue's MIME body, encoded once for every message of the run. */
  template: MimeTemplate;
  journal: DeliveryJournal;
  /** Recipients taken but never handed to SMTP (the run stopped while they waited for a turn). */
  untried: number;
  /** Every pending recipient has been taken: no 'sending' mark will come to commit the last outcomes. */
  allTaken: boolean;
  /** Aborted by a shutdown, or by a refusal of the whole session. */
  signal: AbortSignal;
  stop(reason: string): void;
}

export async function deliverIssue(options: DeliverOptions): Promise<DeliverySummary> {
  const { db, issueId } = options;
  const { pending, inDoubt } = countPending(db, issueId);
  const summary: DeliverySummary = { sent: 0, failed: 0, interrupted: false, remaining: 0, inDoubt, failures: [] };
  const stopper = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopper.signal]) : stopper.signal;
  // Each message in flight may wait on this one signal (its retry's back-off, or its turn under
  // smtp.rateLimit): one listener each, removed when the wait ends; and the journal's flush below. As
  // many as the concurrency is the design, not a leak, but Node warns past 10; the warning is kept for
  // anything beyond that.
  setMaxListeners(Math.max(options.concurrency + 1, defaultMaxListeners), signal);
  const run: Run = {
    options,
    summary,
    template: buildMimeTemplate(options.message.issue),
    journal: deliveryJournal(db, issueId),
    untried: 0,
    allTaken: false,
    signal,
    stop: (reason) => stopper.abort(reason),
  };
  signal.addEventListener("abort", () => run.journal.flush(), { once: true });
  const next = recipientStream(options);
  let taken = 0;
  let done = 0;
  try {
    await eachConcurrently(
      Math.min(options.concurrency, pending),
      () => {
        const recipient = signal.aborted ? undefined : next();
        if (!recipient) run.allTaken = true;
        return recipient;
      },
      async (recipient) => {
        taken += 1;
        await deliverOne(recipient, run);
        options.onProgress?.({ tried: ++done, total: pending, sent: summary.sent, failed: summary.failed });
      },
    );
  } finally {
    run.journal.flush();
  }
  summary.remaining = Math.max(0, pending - taken + run.untried);
  summary.interrupted = summary.remaining > 0 && summary.stoppedBy === undefined;
  return summary;
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
  const { options, summary, journal } = run;
  const { clock } = options;
  const message = await composeFor(recipient, run);
  // Durable before the SMTP transaction: a crash after this line leaves the delivery "in doubt", never
  // unknown. False for someone who unsubscribed since the run began: they get nothing more.
  if (!journal.sending(recipient.id, clock())) return;
  const outcome = await sendWithRetries(run, () => options.transport.send(message, run.signal));
  if (!outcome.ok && outcome.notAttempted) {
    // Never reached SMTP, so not in doubt: left for the next run like a deferral, and not a failure.
    journal.outcome(recipient.id, "deferred", outcome.response, clock());
    journal.flush();
    run.untried += 1;
    return;
  }
  if (outcome.ok) {
    journal.outcome(recipient.id, "sent", outcome.response, clock());
    summary.sent += 1;
    // Committed with the next message's 'sending' mark, a few milliseconds on: every uncommitted
    // "sent" is "in doubt" after a crash, and sent again. With no next message (the run's last ones,
    // or a shutdown whose grace may run out), now.
    if (run.allTaken || run.signal.aborted) journal.flush();
    return;
  }
  if (outcome.scope === "session") {
    // Not this subscriber's fault (login, our sender address, a server that keeps dropping us, even
    // after the retries): leave them to be tried again once that is fixed, and stop the run.
    journal.outcome(recipient.id, "deferred", outcome.response, clock());
    journal.flush();
    summary.stoppedBy ??= describeSessionStop(outcome);
    run.stop(outcome.response);
    return;
  }
  journal.outcome(recipient.id, outcome.permanent ? "failed" : "deferred", outcome.response, clock());
  journal.flush();
  // A hard bounce puts the address on the suppression list: no later issue is sent to it.
  const bounced = isHardBounce(outcome);
  if (bounced) setSubscriberStatus(options.db, recipient.id, "bounced", clock());
  summary.failed += 1;
  summary.failures.push({ email: recipient.email, response: outcome.response, permanent: outcome.permanent, ...(bounced ? { bounced: true as const } : {}) });
}

/** Spliced from the issue's template and signed here (the fast path), or composed by nodemailer for an address 7-bit headers cannot carry. */
async function composeFor(recipient: Recipient, run: Run): Promise<OutgoingMessage | RawOutgoingMessage> {
  const now = run.options.clock();
  const context = { ...run.options.message, now };
  const spliced = composeRawMessage(recipient, context, run.template);
  if (!spliced) return composeMessage(recipient, context);
  const signature = run.options.signer ? await run.options.signer.sign(spliced.message.headerLines, spliced.message.body, now) : "";
  return { raw: wireChunks(spliced.message, signature), envelope: spliced.envelope, messageId: spliced.messageId };
}

/** Temporary failures are tried again after 1, 2, 4… × retryDelayMs; permanent ones are not. */
async function sendWithRetries(run: Run, send: () => Promise<SendOutcome>): Promise<SendOutcome> {
  const { retries, retryDelayMs } = run.options;
  let outcome = await send();
  for (let attempt = 0; !outcome.ok && !outcome.permanent && attempt < retries; attempt++) {
    // A shutdown does not wait out the back-off: the message is left deferred for the next run.
    const aborted = await sleep(retryDelayMs * 2 ** attempt, false, { signal: run.signal }).catch(() => true);
    if (aborted) return outcome;
    outcome = await send();
  }
  return outcome;
}
