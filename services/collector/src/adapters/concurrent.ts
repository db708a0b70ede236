/**
 * Runs `work` over `items` with at most `concurrency` in flight and yields results as they complete, so memory
 * holds at most `concurrency` results. Stops launching new work after the first failure and rethrows it.
 */
export async function* mapConcurrent<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const inFlight = new Map<number, Promise<{ index: number; result: R }>>();
  let next = 0;
  const launch = () => {
    const index = next++;
    inFlight.set(
      index,
      work(items[index]!).then((result) => ({ index, result })),
    );
  };
  try {
    while (next < items.length && inFlight.size < concurrency) launch();
    while (inFlight.size) {
      const { index, result } = await Promise.race(inFlight.values());
      inFlight.delete(index);
      if (next < items.length) launch();
      yield result;
    }
  } finally {
    // Leave nothing unobserved if the consumer stopped early or a call failed.
    for (const pending of inFlight.values()) pending.catch(() => undefined);
  }
}
