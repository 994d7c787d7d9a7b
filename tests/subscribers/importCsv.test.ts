import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/openStore.ts";
import { listSubscribers } from "../../src/store/subscribers.ts";
import { exportCsv } from "../../src/subscribers/exportCsv.ts";
import { importCsv } from "../../src/subscribers/importCsv.ts";
import { makeTempDir, type TempDir } from "../helpers/fixtures.ts";

const now = new Date("2026-11-25T12:00:00Z");

describe("subscriber CSV import", () => {
  let temp: TempDir;
  let store: Store;
  beforeEach(() => {
    temp = makeTempDir();
    store = openStore(`${temp.dir}/leadline.db`);
  });
  afterEach(() => {
    store.close();
    temp.remove();
  });

  it("names each rejected line and why, and keeps extra columns as fields", () => {
    const csv = [
      "email,name,city",
      "Ada@Example.ORG ,Ada,London",
      "not-an-address,Bob,Paris",
      "ada@example.org,Ada again,Leeds",
      "grace@bücher.example,Grace,Arlington",
      "alan@example.org,Alan",
      "edsger@example.org,Edsger,Nuenen,extra",
    ].join("\n");
    const report = importCsv(store.db, csv, now);
    expect(report.added).toBe(2);
    expect(report.rejected).toEqual([
      { line: 3, reason: 'invalid address "not-an-address": expected local@domain' },
      { line: 4, reason: "duplicate of an earlier line: ada@example.org" },
      { line: 6, reason: "missing columns: the header names 3 columns, this line has 2" },
      { line: 7, reason: "unknown column 4: the header names 3 columns, this line has 4" },
    ]);
    expect(listSubscribers(store.db).map((s) => [s.email, s.name, s.fields])).toEqual([
      ["Ada@example.org", "Ada", { city: "London" }],
      ["grace@xn--bcher-kva.example", "Grace", { city: "Arlington" }],
    ]);
  });

  it("leaves addresses already subscribed as they are", () => {
    importCsv(store.db, "email\nada@example.org\n", now);
    const report = importCsv(store.db, "email\nada@example.org\ngrace@example.org\n", now);
    expect(report).toEqual({ added: 1, existing: { active: 1, unsubscribed: 0, bounced: 0, complained: 0 }, rejected: [] });
  });

  it("reads the status column in any case, as it reads the header", () => {
    const report = importCsv(store.db, "Email,Status\na@example.org,Unsubscribed\nb@example.org, BOUNCED \nc@example.org,Gone\n", now);
    expect(report.rejected).toEqual([{ line: 4, reason: 'unknown status "Gone" (expected active, unsubscribed, bounced, complained)' }]);
    expect(listSubscribers(store.db).map((s) => [s.email, s.status])).toEqual([
      ["a@example.org", "unsubscribed"],
      ["b@example.org", "bounced"],
    ]);
  });

  it("refuses a file without an email column", () => {
    expect(() => importCsv(store.db, "mail,name\na@example.org,A\n", now)).toThrow('line 1: the header has no "email" column');
  });

  it("exports what it imports, statuses included", () => {
    importCsv(store.db, "email,name,status,city\na@example.org,A,unsubscribed,Rome\nb@example.org,B,,Oslo\n", now);
    const csv = exportCsv(listSubscribers(store.db));
    expect(csv).toBe("email,name,status,city\na@example.org,A,unsubscribed,Rome\nb@example.org,B,active,Oslo\n");
  });
});
