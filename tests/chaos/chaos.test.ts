// The fast subset of `npm run chaos`: each group at a small size, every problem it finds a failure.
import { describe, expect, it } from "vitest";
import { runCrashRounds } from "./crashRounds.ts";
import { findHeaderSurvivors, findHtmlSurvivors, findTextSurvivors } from "./findSurvivors.ts";
import { fuzzConfigs, fuzzFeeds } from "./fuzzInputs.ts";
import { CONTENT_VECTORS } from "./hostileCorpus.ts";
import { runHostileFeeds } from "./hostileFeeds.ts";
import { runSlotRaces } from "./raceForSlot.ts";
import { runSecurityChecks } from "./securityChecks.ts";
import { runSmtpFaults } from "./smtpFaults.ts";

describe("chaos (fast subset)", () => {
  it("delivers 200 messages through a faulty SMTP server exactly once each, recording every permanent refusal", async () => {
    const row = await runSmtpFaults({ messages: 200, seed: 11, stallMs: 100 });
    expect(row.problems).toEqual([]);
    expect(row.notes).toMatch(/duplicates 0, lost 0/);
  }, 60_000);

  it("survives 2 sends SIGKILLed at random moments: no one lost, duplicates within the in-doubt count, store intact", async () => {
    const row = await runCrashRounds({ rounds: 2, subscribers: 150, seed: 5 });
    expect(row.problems).toEqual([]);
    expect(row.survived).toBe(2);
  }, 60_000);

  it("lets no XSS or injection vector through, and refuses every resource attack in time", async () => {
    const rows = await runHostileFeeds();
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
    expect(rows[0]!.notes).toMatch(/[1-9]\d* vector stories in the digest/);
  }, 60_000);

  it("would see each vector if it were left in the HTML (the survivor check can fail)", () => {
    const seen = CONTENT_VECTORS.filter((html) => findHtmlSurvivors(`<html><body>${html}</body></html>`).length > 0);
    // Only the plain <embed src=https> and srcset vectors hide from a check that looks for markers and schemes.
    expect(seen.length).toBeGreaterThanOrEqual(CONTENT_VECTORS.length - 2);
    expect(findTextSurvivors("a\u202Eb", "t")).toHaveLength(1);
    expect(findHeaderSurvivors("Subject: x\r\nBcc: XSS40@evil\r\n\r\nbody", new Set(["subject"]))).toHaveLength(2);
  });

  it("fuzzes feeds and configs: no crash, no hang, every failure a clear error", async () => {
    const rows = [await fuzzFeeds(150, 3), await fuzzConfigs(300, 3)];
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
  }, 60_000);

  it("two sends and a daemon racing for one slot deliver one copy per subscriber", async () => {
    const row = await runSlotRaces({ rounds: 1, subscribers: 60 });
    expect(row.problems).toEqual([]);
  }, 120_000);

  it("refuses tampered unsubscribe tokens, path traversal, token-less and CSRF-less preview requests", async () => {
    const rows = await runSecurityChecks({ tokens: 40, seed: 9 });
    expect(rows.flatMap((r) => r.problems)).toEqual([]);
    expect(rows.map((r) => [r.survived, r.tried])).toEqual([[80, 80], [9, 9], [9, 9], [11, 11]]);
  }, 60_000);
});
