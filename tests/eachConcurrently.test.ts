// The bounded-concurrency loop that fetches feeds per host and delivers to recipients, and the limit shared by every host's loop.
import { describe, expect, it } from "vitest";
import { concurrencyLimit, eachConcurrently } from "../src/eachConcurrently.ts";

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

describe("concurrencyLimit", () => {
  it("runs at most `limit` jobs at once across callers, the others in the order they came, and every job once", async () => {
    const turn = concurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const job = (id: number) => async () => {
      started.push(id);
      running += 1;
      peak = Math.max(peak, running);
      for (let tick = 0; tick < (id % 3) + 1; tick++) await Promise.resolve();
      running -= 1;
      if (id === 3) throw new Error("job 3 failed");
      return id;
    };
    // Two callers (as two hosts' loops), each handing over its jobs one after another.
    const caller = async (ids: number[]) => {
      const results: (number | string)[] = [];
      for (const id of ids) results.push(await turn(job(id)).catch((error: Error) => error.message));
      return results;
    };
    const [a, b, c] = await Promise.all([caller([0, 1, 2]), caller([3, 4, 5]), caller([6, 7])]);
    expect([a, b, c]).toEqual([[0, 1, 2], ["job 3 failed", 4, 5], [6, 7]]);
    expect(peak).toBe(2);
    expect(started.slice(0, 3)).toEqual([0, 3, 6]); // the third caller's first job waited for a turn, not the second's next
  });
});
