import type { Prng } from '@glia/core';
import { disposeElement } from './element';

function randomIndex(prng: Prng, n: number): number {
  return Math.floor(prng.nextFloat() * n);
}

/**
 * A buffered shuffle, as TF.js and tf.data: the first `bufferSize` elements fill a buffer; each
 * further element replaces a buffered one drawn at random, which is yielded; at the end the buffer
 * drains in random order. So an element can move at most `bufferSize - 1` places earlier, and a buffer
 * at least as large as the dataset gives a uniform shuffle. Elements left in the buffer when the
 * consumer stops early are disposed.
 */
export async function* shuffleElements<T>(
  source: AsyncIterable<T>,
  bufferSize: number,
  prng: Prng,
): AsyncGenerator<T> {
  const buffer: T[] = [];
  try {
    for await (const x of source) {
      if (buffer.length < bufferSize) {
        buffer.push(x);
        continue;
      }
      const i = randomIndex(prng, bufferSize);
      const out = buffer[i]!;
      buffer[i] = x;
      yield out;
    }
    while (buffer.length > 0) {
      const i = randomIndex(prng, buffer.length);
      const out = buffer[i]!;
      buffer[i] = buffer[buffer.length - 1]!;
      buffer.pop();
      yield out;
    }
  } finally {
    for (const x of buffer) disposeElement(x);
    buffer.length = 0;
  }
}
