// The bounded-concurrency loop that fetches feeds per host and delivers to recipients.
import { describe, expect, it } from "vitest";
import { eachConcurrently } from "../src/eachConcurrently.ts";

describe("eachConcurrently", () => {
  it("works through every item, never more than `limit` at once, and each once", async () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    let next = 0;
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await eachConcurrently(
      3,
      () => items[next++],
      async (item) => {
        running += 1;
        peak = Math.max(peak, running);
        // Yield a few turns so the other lanes start while this one is running.
        for (let turn = 0; turn < (item % 4) + 1; turn++) await Promise.resolve();
        seen.push(item);
        running -= 1;
      },
    );
    expect(seen.sort((a, b) => a - b)).toEqual(items);
    expect(peak).toBe(3);
  });

  it("stops taking items once `next` says there are no more, even mid-list (a shutdown)", async () => {
    let stopped = false;
    let next = 0;
    const done: number[] = [];
    await eachConcurrently(
      2,
      () => (stopped ? undefined : next++),
      async (item) => {
        done.push(item);
        if (item === 4) stopped = true;
      },
    );
    expect(done.length).toBeLessThanOrEqual(6);
    expect(done).toContain(4);
  });
});
