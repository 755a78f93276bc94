import { disposeElement } from './element';

/**
 * Pairs up the i-th elements of several sources, as an array or an object of the same keys; ends
 * with the shortest source (the longer ones' extra elements of that last round are disposed).
 */
export async function* zipElements(
  sources: readonly AsyncIterable<unknown>[],
): AsyncGenerator<unknown[]> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const finished = iterators.map(() => false);
  try {
    while (true) {
      const results = await Promise.allSettled(iterators.map((it) => it.next()));
      results.forEach((r, i) => {
        if (r.status === 'fulfilled' && r.value.done) finished[i] = true;
      });
      const failed = results.find((r) => r.status === 'rejected');
      if (failed !== undefined || finished.some((f) => f)) {
        for (const r of results)
          if (r.status === 'fulfilled' && !r.value.done) disposeElement(r.value.value);
        if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
        return;
      }
      yield results.map((r) => (r as PromiseFulfilledResult<IteratorResult<unknown>>).value.value);
    }
  } finally {
    await Promise.all(iterators.map((it, i) => (finished[i] ? undefined : it.return?.())));
  }
}
