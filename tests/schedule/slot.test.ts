// Slots across daylight-saving changes: one issue per local time, as cron users expect.
import { describe, expect, it } from "vitest";
import { cronJob, currentSlot, localHoursBetween, nextRun } from "../../src/schedule/slot.ts";

const berlin = (cron: string) => ({ cron, timezone: "Europe/Berlin" });

describe("schedule slots across daylight-saving changes", () => {
  it("a time listed in schedule.cron that happens twice when clocks go back is one slot, not two", () => {
    const schedule = berlin("30 2,14 * * *");
    // 2026-10-25: 02:30 summer time is 00:30Z; an hour later it is 02:30 again, in winter time (01:30Z).
    expect(currentSlot(schedule, new Date("2026-10-25T00:45:00Z"))).toBe("2026-10-25T00:30:00Z");
    expect(currentSlot(schedule, new Date("2026-10-25T01:45:00Z"))).toBe("2026-10-25T00:30:00Z");
    expect(nextRun(schedule, new Date("2026-10-25T00:45:00Z"))?.toISOString()).toBe("2026-10-25T13:30:00.000Z");
    // The daemon's timer is built the same way.
    expect(cronJob(schedule).nextRuns(3, new Date("2026-10-24T23:00:00Z")).map((d) => d.toISOString())).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T13:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("a listed time that does not exist when clocks go forward is sent just after the gap, not dropped", () => {
    // 2026-03-29: 02:00 becomes 03:00; 02:30 does not exist, so the slot is 03:00 summer time (01:00Z).
    expect(cronJob(berlin("30 2,14 * * *")).nextRuns(2, new Date("2026-03-28T23:00:00Z")).map((d) => d.toISOString())).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T12:30:00.000Z",
    ]);
  });

  it("counts hours on the local clock, so yesterday's daily slot is a day old on the morning clocks go forward or back", () => {
    const timezone = "Europe/Berlin";
    expect(localHoursBetween("2026-03-28T06:00:00Z", new Date("2026-03-29T05:00:00Z"), timezone)).toBe(24); // 23 h of real time
    expect(localHoursBetween("2026-10-24T05:00:00Z", new Date("2026-10-25T06:00:00Z"), timezone)).toBe(24); // 25 h
    expect(localHoursBetween("2026-11-25T06:00:00Z", new Date("2026-11-25T08:30:00Z"), timezone)).toBe(2.5);
  });
});
