import { fmtShape, stack, Tensor, tensor, tidy, ValueError } from '@glia/core';
import { disposeElement, isPlainObject } from './element';

/**
 * The type of a batch of elements of type `T`: tensors are stacked into a tensor with a new leading
 * dimension, numbers and booleans become a 1-D tensor, arrays of numbers a 2-D tensor, strings an
 * array, and arrays and plain objects are batched member by member.
 */
export type Batched<T> = T extends Tensor
  ? Tensor
  : T extends number
    ? Tensor
    : T extends boolean
      ? Tensor
      : T extends string
        ? string[]
        : T extends readonly number[]
          ? Tensor
          : T extends readonly unknown[]
            ? { -readonly [K in keyof T]: Batched<T[K]> }
            : T extends object
              ? { -readonly [K in keyof T]: Batched<T[K]> }
              : T[];

function kindOf(x: unknown): string {
  if (x instanceof Tensor) return 'a Tensor';
  if (Array.isArray(x)) return 'an array';
  if (isPlainObject(x)) return 'an object';
  if (x === null) return 'null';
  return `a ${typeof x}`;
}

function where(path: string): string {
  return path === '' ? '' : ` at '${path}'`;
}

function isNumberArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((v) => typeof v === 'number');
}

function collate(items: readonly unknown[], path: string): unknown {
  const first = items[0];
  const firstKind = kindOf(first);
  items.forEach((x, i) => {
    if (kindOf(x) !== firstKind)
      throw new ValueError(
        `batch: element ${i}${where(path)} is ${kindOf(x)}, element 0 is ${firstKind}: expected elements of one structure`,
      );
  });
  if (first instanceof Tensor) {
    const tensors = items as Tensor[];
    tensors.forEach((t, i) => {
      t.assertAlive('batch');
      if (t.shape.length !== first.shape.length || t.shape.some((d, j) => d !== first.shape[j]))
        throw new ValueError(
          `batch: element ${i}${where(path)} has shape ${fmtShape(t.shape)}, element 0 has ${fmtShape(first.shape)}: expected equal shapes`,
        );
      if (t.dtype !== first.dtype)
        throw new ValueError(
          `batch: element ${i}${where(path)} has dtype ${t.dtype}, element 0 has ${first.dtype}: expected equal dtypes`,
        );
    });
    return stack(tensors, 0);
  }
  if (typeof first === 'number') return tensor(items as number[], [items.length], 'float32');
  if (typeof first === 'boolean') return tensor(items as boolean[], [items.length], 'bool');
  if (Array.isArray(first)) {
    items.forEach((x, i) => {
      if ((x as unknown[]).length !== first.length)
        throw new ValueError(
          `batch: element ${i}${where(path)} has length ${(x as unknown[]).length}, element 0 has ${first.length}: expected equal lengths`,
        );
    });
    if (items.every(isNumberArray))
      return tensor(items as number[][], [items.length, first.length], 'float32');
    return first.map((_, j) =>
      collate(
        items.map((x) => (x as unknown[])[j]),
        `${path}[${j}]`,
      ),
    );
  }
  if (isPlainObject(first)) {
    const keys = Object.keys(first);
    const out: Record<string, unknown> = {};
    items.forEach((x, i) => {
      const k = Object.keys(x as object);
      if (k.length !== keys.length || keys.some((key) => !(key in (x as object))))
        throw new ValueError(
          `batch: element ${i}${where(path)} has keys [${k.join(',')}], element 0 has [${keys.join(',')}]: expected equal keys`,
        );
    });
    for (const key of keys)
      out[key] = collate(
        items.map((x) => (x as Record<string, unknown>)[key]),
        path === '' ? key : `${path}.${key}`,
      );
    return out;
  }
  return [...items];
}

/**
 * Combines elements of one structure into a batch (see {@link Batched}); the elements' own tensors
 * are left alone.
 */
export function stackElements<T>(items: readonly T[]): Batched<T> {
  if (items.length === 0) throw new ValueError('batch: cannot batch zero elements');
  return tidy(() => collate(items, '')) as Batched<T>;
}

/** Groups consecutive elements into batches of `size`; the last may be smaller unless dropped. */
export async function* batchElements<T>(
  source: AsyncIterable<T>,
  size: number,
  dropRemainder: boolean,
): AsyncGenerator<Batched<T>> {
  let pending: T[] = [];
  try {
    for await (const x of source) {
      pending.push(x);
      if (pending.length === size) {
        const batch = stackElements(pending);
        for (const item of pending) disposeElement(item);
        pending = [];
        yield batch;
      }
    }
    if (pending.length > 0 && !dropRemainder) {
      const batch = stackElements(pending);
      for (const item of pending) disposeElement(item);
      pending = [];
      yield batch;
    }
  } finally {
    for (const item of pending) disposeElement(item);
  }
}
