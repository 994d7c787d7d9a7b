// Subscribers in the store: CSV import and export, and one subscriber per person (case, ids).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { openStore, type Store } from "../../src/store/openStore.ts";
import { addSubscriber, findSubscriber, listSubscribers, removeSubscriber, setSubscriberStatus } from "../../src/store/subscribers.ts";
import { exportCsv } from "../../src/subscribers/exportCsv.ts";
import { importCsv } from "../../src/subscribers/importCsv.ts";
import { makeTempDir, type TempDir } from "../helpers/fixtures.ts";

const now = new Date("2026-11-25T12:00:00Z");

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

describe("subscriber CSV import", () => {
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
    expect(report).toEqual({ added: 1, existing: { active: 1, unsubscribed: 0, bounced: 0, complained: 0 }, stopped: [], rejected: [] });
  });

  it("takes an opt-out the file gives for an active subscriber (a sync from a signup platform), but never makes anyone active again", () => {
    importCsv(store.db, "email,status\nada@example.org,\ngrace@example.org,\nalan@example.org,unsubscribed\nedsger@example.org,bounced\n", now);
    const report = importCsv(store.db, "email,status\nAda@example.org,Unsubscribed\ngrace@example.org,complained\nalan@example.org,active\nedsger@example.org,unsubscribed\n", now);
    expect(report.stopped).toEqual([
      { line: 2, email: "ada@example.org", was: "active", status: "unsubscribed" },
      { line: 3, email: "grace@example.org", was: "active", status: "complained" },
      // An opt-out is recorded over a bounce: were the bounce undone, the opt-out must still hold.
      { line: 5, email: "edsger@example.org", was: "bounced", status: "unsubscribed" },
    ]);
    expect(report.existing).toEqual({ active: 0, unsubscribed: 1, bounced: 0, complained: 0 });
    expect(listSubscribers(store.db).map((s) => [s.email, s.status])).toEqual([
      ["ada@example.org", "unsubscribed"],
      ["grace@example.org", "complained"],
      ["alan@example.org", "unsubscribed"],
      ["edsger@example.org", "unsubscribed"],
    ]);
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

describe("subscriber identity", () => {
  it("treats addresses that differ only in case as one subscriber, letters outside ASCII included", () => {
    expect(addSubscriber(store.db, { email: "Élodie@example.org" }, now)).toBe(true);
    expect(addSubscriber(store.db, { email: "élodie@example.org" }, now)).toBe(false);
    expect(importCsv(store.db, "email\nÉLODIE@example.org\nøystein@example.org\nØYSTEIN@example.org\n", now)).toMatchObject({ added: 1 });
    expect(listSubscribers(store.db).map((s) => s.email)).toEqual(["Élodie@example.org", "øystein@example.org"]);
    expect(findSubscriber(store.db, "élodie@EXAMPLE.org")?.email).toBe("Élodie@example.org");
  });

  it("never gives a removed subscriber's id to a newcomer, who would inherit an issue under way", () => {
    addSubscriber(store.db, { email: "a@example.org" }, now);
    addSubscriber(store.db, { email: "b@example.org" }, now);
    const b = findSubscriber(store.db, "b@example.org")!;
    removeSubscriber(store.db, "b@example.org");
    addSubscriber(store.db, { email: "c@example.org" }, now);
    expect(findSubscriber(store.db, "c@example.org")!.id).toBeGreaterThan(b.id);
  });

  it("upgrading a store: keys its addresses, and an opt-out reaches every copy of one address it already held twice", () => {
    store.close();
    // A store of the schema before address keys, holding an address twice (its case differs outside ASCII),
    // and an issue that went to ids up to 3, of which the last was since removed.
    const file = `${temp.dir}/old.db`;
    const old = new Database(file);
    const before = MIGRATIONS.findIndex((sql) => sql.includes("email_key"));
    for (const sql of MIGRATIONS.slice(0, before)) old.exec(sql);
    old.pragma(`user_version = ${before}`);
    const insert = old.prepare("INSERT INTO subscribers (id, email, status, created_at, updated_at) VALUES (?, ?, ?, '', '')");
    insert.run(1, "Élodie@example.org", "active");
    insert.run(2, "élodie@example.org", "active");
    insert.run(5, "Øystein@example.org", "active");
    insert.run(6, "øystein@example.org", "unsubscribed");
    old.prepare("INSERT INTO issues (newsletter, slot, created_at, subject, digest, rendered, last_subscriber_id) VALUES ('n', 's', '', '', '{}', '{}', 3)").run();
    old.close();

    store = openStore(file);
    // The opt-out recorded on one copy of an address stops the mail to the other.
    expect(listSubscribers(store.db, "active").map((s) => s.id)).toEqual([1, 2]);
    setSubscriberStatus(store.db, findSubscriber(store.db, "ÉLODIE@example.org")!.id, "unsubscribed", now);
    expect(listSubscribers(store.db).map((s) => [s.id, s.status])).toEqual([
      [1, "unsubscribed"],
      [2, "unsubscribed"],
      [5, "unsubscribed"],
      [6, "unsubscribed"],
    ]);
    addSubscriber(store.db, { email: "new@example.org" }, now);
    expect(findSubscriber(store.db, "new@example.org")!.id).toBe(7);
  });
});
