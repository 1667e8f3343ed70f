/**
 * Runs `fn` over `items` with at most `limit` in flight, results in input order. Fan-out calls (team members, queue
 * members, operators, licenses, end users) go through this so the rate limiter, not round-trip time, bounds a
 * snapshot. `fn` handles its own errors; a throw stops new work and rejects once in-flight calls settle.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failed === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== null) throw (failed as { error: unknown }).error;
  return results;
}
