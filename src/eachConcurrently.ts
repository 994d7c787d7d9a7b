// A bounded number of async jobs at once: over items handed out one by one (feeds per host, recipients), or across callers (every feed).

/**
 * Calls `work` for each item `next()` hands out, until it returns undefined, with at most `limit`
 * calls running at once. `next` is asked again only when a call ends, so it can stop early (a
 * shutdown) or read its items lazily (a page of recipients at a time).
 */
export async function eachConcurrently<T>(limit: number, next: () => T | undefined, work: (item: T) => Promise<void>): Promise<void> {
  const lane = async () => {
    for (let item = next(); item !== undefined; item = next()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
}

/**
 * A turnstile shared by several callers: at most `limit` of the jobs handed to it run at once, the
 * others wait for a turn in the order they came. A job that ends hands its turn straight on.
 */
export function concurrencyLimit(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running < limit) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
