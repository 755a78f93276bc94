import { tidy } from '@glia/core';
import { disposeElement, disposeReplaced } from './element';

/** `fn(x)`; when it throws (or rejects), `x` is disposed, since nothing downstream will own it. */
async function applyOrDispose<T, R>(x: T, fn: (x: T) => R | Promise<R>): Promise<R> {
  try {
    return await fn(x);
  } catch (e) {
    disposeElement(x);
    throw e;
  }
}

/**
 * Applies a synchronous `fn` to each element inside `tidy`, so its intermediate tensors are freed;
 * tensors of the input element that the output does not contain are disposed.
 */
export async function* mapElements<T, U>(
  source: AsyncIterable<T>,
  fn: (x: T) => U,
): AsyncGenerator<U> {
  for await (const x of source) {
    const y = await applyOrDispose(x, () => tidy(() => fn(x)));
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
    const y = await applyOrDispose(x, fn);
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
    if (await applyOrDispose(x, predicate)) yield x;
    else disposeElement(x);
  }
}
