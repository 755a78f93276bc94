import { disposeElement } from './element';

/**
 * Asks upstream for up to `bufferSize` elements ahead of the consumer, so that producing the next
 * elements (reading, decoding, stacking) overlaps with consuming this one. Elements fetched but not
 * consumed when the consumer stops early are disposed.
 */
export async function* prefetchElements<T>(
  source: AsyncIterable<T>,
  bufferSize: number,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  let upstreamDone = false;
  const fill = (): void => {
    while (!upstreamDone && queue.length < bufferSize) {
      const next = iterator.next();
      next.then(
        (r) => {
          if (r.done) upstreamDone = true;
        },
        () => {
          upstreamDone = true;
        },
      );
      queue.push(next);
    }
  };
  let finished = false;
  try {
    while (true) {
      fill();
      const head = queue.shift();
      if (head === undefined) {
        finished = true;
        return;
      }
      const r = await head;
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    // Early exit or an error: free whatever was fetched ahead, then close upstream.
    for (const pending of queue.splice(0)) {
      try {
        const r = await pending;
        if (!r.done) disposeElement(r.value);
      } catch {
        // the consumer already stopped; an upstream error after that has no one to tell
      }
    }
    if (!finished) await iterator.return?.();
  }
}
