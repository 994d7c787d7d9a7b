// CSV import with a report: every rejected row is named by its line and reason; extra columns become fields.
import { parse } from "csv-parse/sync";
import { LeadlineError } from "../errors.ts";
import type { Db } from "../store/openStore.ts";
import { addSubscriber, findSubscriber, setSubscriberStatus, SUBSCRIBER_STATUSES, type SubscriberStatus } from "../store/subscribers.ts";
import { FIELD_NAME } from "./fieldName.ts";
import { addressKey, normaliseAddress } from "./normaliseAddress.ts";

export interface ImportReport {
  added: number;
  /** Addresses already in the store, by their status there: left as they are, not an error. */
  existing: Record<SubscriberStatus, number>;
  /** Subscribers the file gives a status that stops the mail (an opt-out elsewhere): that status is taken. */
  stopped: { line: number; email: string; was: SubscriberStatus; status: SubscriberStatus }[];
  rejected: { line: number; reason: string }[];
}

export function importCsv(db: Db, csvText: string, now: Date): ImportReport {
  const rows = parseRows(csvText);
  const header = (rows[0]?.record ?? []).map((h) => h.trim());
  const emailColumn = header.findIndex((h) => h.toLowerCase() === "email");
  if (emailColumn < 0) throw new LeadlineError("EINPUT", `line 1: the header has no "email" column (found: ${header.join(", ")})`);
  const badHeader = header.find((h) => !FIELD_NAME.test(h));
  if (badHeader !== undefined) throw new LeadlineError("EINPUT", `line 1: column name "${badHeader}" must be letters, digits, _ or -, starting with a letter or _`);
  const nameColumn = header.findIndex((h) => h.toLowerCase() === "name");
  const statusColumn = header.findIndex((h) => h.toLowerCase() === "status");

  const existing = Object.fromEntries(SUBSCRIBER_STATUSES.map((status) => [status, 0])) as Record<SubscriberStatus, number>;
  const report: ImportReport = { added: 0, existing, stopped: [], rejected: [] };
  const seen = new Set<string>();
  db.transaction(() => {
    for (const { record, line } of rows.slice(1)) {
      if (record.length !== header.length) {
        const reason =
          record.length > header.length
            ? `unknown column ${header.length + 1}: the header names ${header.length} columns, this line has ${record.length}`
            : `missing columns: the header names ${header.length} columns, this line has ${record.length}`;
        report.rejected.push({ line, reason });
        continue;
      }
      const address = normaliseAddress(record[emailColumn] ?? "");
      if (!address.ok) {
        report.rejected.push({ line, reason: address.reason });
        continue;
      }
      if (seen.has(addressKey(address.address))) {
        report.rejected.push({ line, reason: `duplicate of an earlier line: ${address.address}` });
        continue;
      }
      // Any case, like the header: a spreadsheet's "Unsubscribed" means what it says.
      const given = statusColumn >= 0 ? (record[statusColumn] ?? "").trim() : "";
      const status = given.toLowerCase() || "active";
      if (!isStatus(status)) {
        report.rejected.push({ line, reason: `unknown status "${given}" (expected ${SUBSCRIBER_STATUSES.join(", ")})` });
        continue;
      }
      seen.add(addressKey(address.address));
      const fields: Record<string, string> = {};
      header.forEach((column, i) => {
        if (i !== emailColumn && i !== nameColumn && i !== statusColumn) fields[column] = record[i] ?? "";
      });
      const name = nameColumn >= 0 ? (record[nameColumn] ?? "").trim() : "";
      if (addSubscriber(db, { email: address.address, name, fields, status }, now)) {
        report.added += 1;
        continue;
      }
      const stored = findSubscriber(db, address.address)!;
      // An opt-out the file records (a nightly sync from a signup form) must stop the mail, and is
      // recorded over a bounce or a complaint too; the other way round, a file never makes anyone
      // active again: only an operator, by name, does.
      const stops = status !== "active" && status !== stored.status && (stored.status === "active" || status === "unsubscribed");
      if (stops) {
        setSubscriberStatus(db, stored.id, status, now);
        report.stopped.push({ line, email: stored.email, was: stored.status, status });
      } else {
        report.existing[stored.status] += 1;
      }
    }
  })();
  return report;
}

function parseRows(csvText: string): { record: string[]; line: number }[] {
  try {
    const rows = parse(csvText, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return rows.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (error) {
    throw new LeadlineError("EINPUT", `not readable as CSV: ${(error as Error).message}`);
  }
}

function isStatus(value: string): value is SubscriberStatus {
  return (SUBSCRIBER_STATUSES as readonly string[]).includes(value);
}
