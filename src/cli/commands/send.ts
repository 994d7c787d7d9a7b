// `leadline send`: build (or resume) the slot's issue and send it; a summary, non-zero exit on failures.
import { buildAndRender, subjectLine } from "../../issue/prepareIssue.ts";
import { sendTest, type SendSummary } from "../../issue/sendNewsletter.ts";
import { gate, runSlot, type SlotRun } from "../../schedule/runSlot.ts";
import { currentSlot, parseSlotOption } from "../../schedule/slot.ts";
import { shutdownGraceMs, withShutdown } from "../shutdown.ts";
import { countPending } from "../../store/deliveries.ts";
import { findIssue } from "../../store/issues.ts";
import { countSubscribers } from "../../store/subscribers.ts";
import { normaliseAddress } from "../../subscribers/normaliseAddress.ts";
import { LeadlineError } from "../../errors.ts";
import { createProgress } from "../progress.ts";
import { trackRunInFlight } from "../runInFlight.ts";
import type { SendProgress } from "../../send/deliverIssue.ts";
import { consoleLogger, loadContextConfig, makeClock, secretFor, withStore, type CommandContext } from "../context.ts";
import { withFields } from "../../logger.ts";

export interface SendOptions {
  dryRun?: boolean;
  to?: string;
  slot?: string;
}

export async function runSend(context: CommandContext, options: SendOptions): Promise<void> {
  // Checked in every mode, though only a real send waits out a grace: a dry run in a cron line must
  // not pass with a setting the real run then refuses.
  shutdownGraceMs(context.env);
  const config = loadContextConfig(context);
  const clock = makeClock(context);
  // Every line names its newsletter: several may log to one file or journal.
  const log = withFields(consoleLogger(context.output), { newsletter: config.newsletter.name });
  await withStore(config, async (store) => {
    const hasIssue = (key: string) => findIssue(store.db, config.newsletter.name, key) !== undefined;
    const slot = options.slot === undefined ? currentSlot(config.schedule, clock()) : parseSlotOption(options.slot, config.schedule, clock(), hasIssue);
    const sendContext = { config, db: store.db, secret: secretFor(store, context.env, { log, signs: !options.dryRun && options.to === undefined }), clock, log };
    if (options.dryRun) return dryRun(context, sendContext, slot, options.slot !== undefined);
    if (options.to !== undefined) {
      if (options.slot !== undefined) throw new LeadlineError("EINPUT", "--to sends a test of the next issue and takes no --slot (a slot's stored issue is not sent to test addresses)");
      const address = normaliseAddress(options.to);
      if (!address.ok) throw new LeadlineError("EINPUT", `--to: ${address.reason}`);
      const summary = await sendTest(sendContext, address.address);
      // Too few new stories is not a failure: the newsletter simply has nothing to say today.
      if ("nothingToSend" in summary) return context.output.out(`test: ${summary.nothingToSend}`);
      const failure = summary.failures[0];
      context.output.out(`test: "[TEST] ${summary.subject}" ${failure ? `not sent to ${address.address}: ${failure.response}` : `sent to ${address.address}`}`);
      printOutbox(context, summary);
      if (summary.failed > 0) context.fail(1);
      return;
    }
    const progress = createProgress(log, context.output.isTerminal === true);
    const inFlight = trackRunInFlight({ db: store.db, newsletter: config.newsletter.name, clock, log, output: context.output });
    const onProgress = (counts: SendProgress) => {
      inFlight.progress(counts);
      progress.update(counts);
    };
    const result = await withShutdown(
      context,
      (signal) => runSlot({ ...sendContext, onProgress, onRunStarted: inFlight.started }, slot, { explicit: options.slot !== undefined, signal }),
      (stopSignal, graceMs) => {
        // The bar first: it hid the terminal's cursor, and process.exit skips the finally below.
        progress.stop();
        inFlight.abandon(stopSignal, graceMs);
      },
    ).finally(() => progress.stop());
    // An earlier slot's issue this run finished first counts as much as its own: a failure there exits 1 too.
    for (const earlier of result.earlier ?? []) printRun(context, earlier.run);
    printRun(context, result);
    if (result.outcome === "busy") context.fail(EXIT_BUSY);
  });
}

function printRun(context: CommandContext, run: SlotRun): void {
  if (run.summary) printSummary(context, run.summary);
  else context.output.out(run.message);
  if (run.outcome === "interrupted") context.output.out(`interrupted: ${run.summary?.remaining ?? 0} subscriber(s) not yet sent; run leadline send again to finish`);
  // The counts are printed above; the run's message (for the log) repeats them before the reason.
  if (run.summary?.stoppedBy !== undefined) context.output.out(`stopped: ${run.summary.stoppedBy}`);
  if (run.outcome === "partly-failed" || run.outcome === "error") context.fail(1);
}

/** EX_TEMPFAIL: another process is sending; try again later. */
const EXIT_BUSY = 75;

/** Builds the issue as a send would (feeds, selection, templates) and says who would get it. */
async function dryRun(context: CommandContext, send: Parameters<typeof sendTest>[0], slot: string, explicit: boolean): Promise<void> {
  const { db, config } = send;
  // What a real send would decide first: a slot past its grace period, held or unapproved is not sent.
  const refusal = await gate(send, slot, { explicit });
  // Each refusal says that the slot is not sent, and why.
  if (refusal) return context.output.out(`dry run: ${refusal.message}`);
  const existing = findIssue(db, config.newsletter.name, slot);
  const built = existing ? undefined : await buildAndRender(config, db, send.clock(), send.log, { slot, recordFeeds: false });
  if (built && "nothingToSend" in built) return context.output.out(`dry run: slot ${slot}: ${built.nothingToSend}`);
  const subject = existing ? `"${existing.subject}" (already built)` : `"${subjectLine(built!.rendered)}"`;
  const count = existing ? countPending(db, existing.id).pending : countSubscribers(db, "active");
  context.output.out(`dry run: slot ${slot}: ${subject}; ${count} subscriber(s) would receive it; nothing sent`);
}

function printSummary({ output }: CommandContext, summary: SendSummary): void {
  output.out(`slot ${summary.slot}: "${summary.subject}"${summary.resumed ? " (resumed)" : ""}`);
  output.out(`sent ${summary.sent}, failed ${summary.failed}, skipped ${summary.skipped} (already sent)${summary.inDoubt ? `, ${summary.inDoubt} in doubt from an interrupted run (sent again)` : ""}`);
  for (const failure of summary.failures) {
    const after = failure.bounced ? " (a hard bounce: now bounced, so no later issue goes to it)" : failure.permanent ? "" : " (temporary; will be retried on the next run)";
    output.out(`  failed ${failure.email}: ${failure.response}${after}`);
  }
  printOutbox({ output }, summary);
}

function printOutbox({ output }: Pick<CommandContext, "output">, summary: SendSummary): void {
  if (summary.outbox && summary.sent > 0) output.out(`no SMTP server configured: the message(s) were written to ${summary.outbox}/ (open the .eml files with any mail client)`);
}
