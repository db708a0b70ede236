/**
 * Runs `work` over `items` with at most `concurrency` in flight and yields the results in the order of `items`, so
 * memory holds at most `concurrency` results. The order matters: a collection resumed on another agent publishes its
 * batches again under the same ids, which only name the same data when the data comes in the same order. A failure
 * is rethrown when its turn comes.
 */
export async function* mapConcurrent<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Array<Promise<R>> = [];
  let next = 0;
  const launch = () => {
    const result = work(items[next++]!);
    // Observed now: one that fails while an earlier one is awaited must not be an unhandled rejection.
    result.catch(() => undefined);
    pending.push(result);
  };
  while (next < items.length && pending.length < concurrency) launch();
  while (pending.length) {
    const result = await pending.shift()!;
    if (next < items.length) launch();
    yield result;
  }
}
