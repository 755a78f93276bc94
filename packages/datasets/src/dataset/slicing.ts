import { disposeElement } from './element';

/** The first `count` elements; never pulls one more from upstream than it yields. */
export async function* takeElements<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (count <= 0) return;
  let taken = 0;
  for await (const x of source) {
    yield x;
    taken++;
    if (taken >= count) return;
  }
}

/** Every element after the first `count`, which are disposed. */
export async function* skipElements<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  let seen = 0;
  for await (const x of source) {
    if (seen < count) {
      seen++;
      disposeElement(x);
      continue;
    }
    yield x;
  }
}

/**
 * The source `count` times over (forever when `count` is undefined). An iteration that yields nothing
 * ends the repetition, so repeating an empty dataset forever does not hang.
 */
export async function* repeatElements<T>(
  source: AsyncIterable<T>,
  count: number | undefined,
): AsyncGenerator<T> {
  for (let round = 0; count === undefined || round < count; round++) {
    let yielded = false;
    for await (const x of source) {
      yielded = true;
      yield x;
    }
    if (!yielded) return;
  }
}
