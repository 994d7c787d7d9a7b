// A bounded number of async jobs at once over items handed out one by one (feeds per host, recipients).

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
