// CSV export: email, name, status and every field, ready to import again.
import { stringify } from "csv-stringify/sync";
import type { Subscriber } from "../store/subscribers.ts";

export function exportCsv(subscribers: readonly Subscriber[]): string {
  const fieldNames = [...new Set(subscribers.flatMap((s) => Object.keys(s.fields)))].sort();
  const rows = subscribers.map((s) => [s.email, s.name, s.status, ...fieldNames.map((f) => s.fields[f] ?? "")]);
  return stringify([["email", "name", "status", ...fieldNames], ...rows]);
}
