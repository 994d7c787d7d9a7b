// `leadline subscribers add|remove|list|import|export`: manage the list in the store.
import { writeFileSync } from "node:fs";
import { LeadlineError } from "../../errors.ts";
import { readTextFile } from "../../readTextFile.ts";
import type { Db } from "../../store/openStore.ts";
import { addSubscriber, findSubscriber, listSubscribers, removeSubscriber, setSubscriberStatus, SUBSCRIBER_STATUSES, type SubscriberStatus } from "../../store/subscribers.ts";
import { fieldNameProblem } from "../../subscribers/fieldName.ts";
import { exportCsv } from "../../subscribers/exportCsv.ts";
import { importCsv, type ImportReport } from "../../subscribers/importCsv.ts";
import { normaliseAddress } from "../../subscribers/normaliseAddress.ts";
import { loadContextConfig, SENDS_NOTHING, makeClock, withStore, type CommandContext } from "../context.ts";

function inStore<T>(context: CommandContext, work: (db: Db, now: Date) => T): Promise<T> {
  const config = loadContextConfig(context, SENDS_NOTHING);
  return withStore(config, (store) => work(store.db, makeClock(context)()));
}

export async function runAdd(context: CommandContext, email: string, options: { name: string; field?: string[] }): Promise<void> {
  const fields = Object.fromEntries((options.field ?? []).map(parseField));
  // An address already there keeps its status: someone who unsubscribed is not signed up again by accident.
  const existing = await inStore(context, (db, now) => {
    if (addSubscriber(db, { email, name: options.name, fields }, now)) return undefined;
    return findSubscriber(db, email)!;
  });
  // Addresses as stored (the domain lower-cased and in ASCII; an existing one as first added), which is what list and export show.
  const normalised = normaliseAddress(email);
  const address = existing?.email ?? (normalised.ok ? normalised.address : email);
  if (existing === undefined) context.output.out(`added ${address}`);
  else if (existing.status === "active") context.output.out(`${address} is already subscribed`);
  else context.output.out(`${address} is on the list as ${existing.status} and was left as it is (to send them issues again: leadline subscribers status ${address} active)`);
}

export async function runRemove(context: CommandContext, email: string): Promise<void> {
  const removed = await inStore(context, (db) => {
    const subscriber = findSubscriber(db, email);
    return subscriber && removeSubscriber(db, email) ? subscriber.email : undefined;
  });
  if (!removed) throw new LeadlineError("ENOTFOUND", `no subscriber ${email}`);
  context.output.out(`removed ${removed}`);
}

export async function runStatus(context: CommandContext, email: string, status: string): Promise<void> {
  const next = parseStatus(status, "status");
  const stored = await inStore(context, (db, now) => {
    const subscriber = findSubscriber(db, email);
    if (!subscriber) throw new LeadlineError("ENOTFOUND", `no subscriber ${email}`);
    setSubscriberStatus(db, subscriber.id, next, now);
    return subscriber.email;
  });
  context.output.out(`${stored} is now ${next}`);
}

export async function runList(context: CommandContext, options: { status?: string; json?: boolean }): Promise<void> {
  const status = options.status === undefined ? undefined : parseStatus(options.status);
  const list = await inStore(context, (db) => listSubscribers(db, status));
  for (const s of list) context.output.out(options.json ? JSON.stringify(s) : `${s.email}\t${s.status}\t${s.name}`);
  if (!options.json) context.output.err(`${list.length} subscriber(s)`);
}

export async function runImport(context: CommandContext, file: string): Promise<void> {
  const text = readInput(file);
  const report = await inStore(context, (db, now) => {
    try {
      return importCsv(db, text, now);
    } catch (error) {
      // importCsv's own errors say "line N: …" or what the CSV is; the user needs the file too.
      if (error instanceof LeadlineError) throw new LeadlineError(error.code, `${file}:${error.message.replace(/^line (\d+): /, "$1: ")}`);
      throw error;
    }
  });
  for (const r of report.stopped) context.output.out(`${file}:${r.line}: ${r.email} was ${r.was} and is now ${r.status}, as the file says`);
  for (const r of report.rejected) context.output.out(`${file}:${r.line}: ${r.reason}`);
  context.output.out(describeImport(report));
  // A cron-driven import has only its exit code to say that some lines did not make it.
  if (report.rejected.length > 0) context.fail(1);
}

/** `imported 3 subscriber(s), 1 already subscribed, 2 already on the list but not active, … (1 unsubscribed, 1 bounced), rejected 1 line(s)` */
function describeImport({ added, existing, stopped, rejected }: ImportReport): string {
  const parts = [`imported ${added} subscriber(s)`];
  if (stopped.length > 0) parts.push(`${stopped.length} given the status the file says`);
  if (existing.active > 0) parts.push(`${existing.active} already subscribed`);
  const inactive = SUBSCRIBER_STATUSES.filter((status) => status !== "active" && existing[status] > 0);
  if (inactive.length > 0) {
    const count = inactive.reduce((sum, status) => sum + existing[status], 0);
    parts.push(`${count} already on the list but not active, left as they are (${inactive.map((status) => `${existing[status]} ${status}`).join(", ")})`);
  }
  return [...parts, `rejected ${rejected.length} line(s)`].join(", ");
}

export async function runExport(context: CommandContext, options: { out?: string }): Promise<void> {
  const csv = exportCsv(await inStore(context, (db) => listSubscribers(db)));
  if (options.out) writeFileSync(options.out, csv);
  else context.output.out(csv.trimEnd());
}

function parseField(pair: string): [string, string] {
  const at = pair.indexOf("=");
  if (at <= 0) throw new LeadlineError("EINPUT", `--field: expected key=value, got "${pair}"`);
  const name = pair.slice(0, at);
  const problem = fieldNameProblem(name);
  if (problem) throw new LeadlineError("EINPUT", `--field: ${problem}`);
  return [name, pair.slice(at + 1)];
}

function parseStatus(value: string, what = "--status"): SubscriberStatus {
  if ((SUBSCRIBER_STATUSES as readonly string[]).includes(value)) return value as SubscriberStatus;
  throw new LeadlineError("EINPUT", `${what}: expected one of ${SUBSCRIBER_STATUSES.join(", ")}, got "${value}"`);
}

function readInput(file: string): string {
  return readTextFile(file, "EINPUT", "", ` ("CSV UTF-8" in Excel)`);
}
