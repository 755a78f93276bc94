import { tidy } from '@glia/core';
import { disposeElement, disposeReplaced } from './element';

/**
 * Applies a synchronous `fn` to each element inside `tidy`, so its intermediate tensors are freed;
 * tensors of the input element that the output does not contain are disposed.
 */
export async function* mapElements<T, U>(
  source: AsyncIterable<T>,
  fn: (x: T) => U,
): AsyncGenerator<U> {
  for await (const x of source) {
    let y: U;
    try {
      y = tidy(() => fn(x));
    } catch (e) {
      disposeElement(x);
      throw e;
    }
    disposeReplaced(x, y);
    yield y;
  }
}

/** As {@link mapElements} for an async `fn`, without `tidy`: `fn` frees its own intermediates. */
export async function* mapElementsAsync<T, U>(
  source: AsyncIterable<T>,
  fn: (x: T) => Promise<U>,
): AsyncGenerator<U> {
  for await (const x of source) {
    let y: U;
    try {
      y = await fn(x);
    } catch (e) {
      disposeElement(x);
      throw e;
    }
    disposeReplaced(x, y);
    yield y;
  }
}

/** Yields the elements for which `predicate` holds and disposes the others. */
export async function* filterElements<T>(
  source: AsyncIterable<T>,
  predicate: (x: T) => boolean | Promise<boolean>,
): AsyncGenerator<T> {
  for await (const x of source) {
    let keep: boolean;
    try {
      keep = await predicate(x);
    } catch (e) {
      disposeElement(x);
      throw e;
    }
    if (keep) yield x;
    else disposeElement(x);
  }
}
