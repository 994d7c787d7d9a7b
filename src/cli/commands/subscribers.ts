// `leadline subscribers add|remove|list|import|export`: manage the list in the store.
import { writeFileSync } from "node:fs";
import { LeadlineError } from "../../errors.ts";
import { readTextFile } from "../../readTextFile.ts";
import type { Db } from "../../store/openStore.ts";
import { addSubscriber, findSubscriber, listSubscribers, removeSubscriber, setSubscriberStatus, SUBSCRIBER_STATUSES, type SubscriberStatus } from "../../store/subscribers.ts";
import { fieldNameProblem } from "../../subscribers/fieldName.ts";
import { exportCsv } from "../../subscribers/exportCsv.ts";
import { importCsv } from "../../subscribers/importCsv.ts";
import { normaliseAddress } from "../../subscribers/normaliseAddress.ts";
import { loadContextConfig, makeClock, withStore, type CommandContext } from "../context.ts";

function inStore<T>(context: CommandContext, work: (db: Db, now: Date) => T): Promise<T> {
  const config = loadContextConfig(context);
  return withStore(config, (store) => work(store.db, makeClock(context)()));
}

export async function runAdd(context: CommandContext, email: string, options: { name: string; field?: string[] }): Promise<void> {
  const fields = Object.fromEntries((options.field ?? []).map(parseField));
  const added = await inStore(context, (db, now) => addSubscriber(db, { email, name: options.name, fields }, now));
  // As stored (the domain lower-cased and in ASCII), which is what list and export show.
  const normalised = normaliseAddress(email);
  const address = normalised.ok ? normalised.address : email;
  context.output.out(added ? `added ${address}` : `${address} is already subscribed`);
}

export async function runRemove(context: CommandContext, email: string): Promise<void> {
  const removed = await inStore(context, (db) => removeSubscriber(db, email));
  if (!removed) throw new LeadlineError("ENOTFOUND", `no subscriber ${email}`);
  context.output.out(`removed ${email}`);
}

export async function runStatus(context: CommandContext, email: string, status: string): Promise<void> {
  const next = parseStatus(status, "status");
  await inStore(context, (db, now) => {
    const subscriber = findSubscriber(db, email);
    if (!subscriber) throw new LeadlineError("ENOTFOUND", `no subscriber ${email}`);
    setSubscriberStatus(db, subscriber.id, next, now);
  });
  context.output.out(`${email} is now ${next}`);
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
  for (const r of report.rejected) context.output.out(`${file}:${r.line}: ${r.reason}`);
  const existing = report.existing > 0 ? `, ${report.existing} already subscribed` : "";
  context.output.out(`imported ${report.added} subscriber(s)${existing}, rejected ${report.rejected.length} line(s)`);
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
  return readTextFile(file, "EINPUT");
}
