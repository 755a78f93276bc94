import { fmtShape, gather, reshape, slice, Tensor, tensor, tidy, ValueError } from '@glia/core';
import { cloneElement, isPlainObject } from './element';

/** Tensors in the structure of one element: a tensor, or arrays / plain objects of tensors. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

/** Everything `fromGenerator` accepts from its factory. */
export type ElementSource<T> = Iterable<T> | AsyncIterable<T> | Iterator<T> | AsyncIterator<T>;

/** Yields the items of an array; tensors inside them are yielded as clones the consumer owns. */
export async function* arrayElements<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield cloneElement(item);
}

function isAsyncIterable<T>(x: ElementSource<T>): x is AsyncIterable<T> {
  return typeof (x as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
}

function isIterable<T>(x: ElementSource<T>): x is Iterable<T> {
  return typeof (x as Iterable<T>)[Symbol.iterator] === 'function';
}

/** Yields what a fresh call of `factory` produces. */
export async function* generatorElements<T>(factory: () => ElementSource<T>): AsyncGenerator<T> {
  const source = factory();
  if (source === null || typeof source !== 'object')
    throw new ValueError(
      `Dataset.fromGenerator: the factory returned ${source === null ? 'null' : typeof source}: expected an iterable or iterator (pass a generator function, not a generator)`,
    );
  if (isAsyncIterable(source)) {
    yield* source;
    return;
  }
  if (isIterable(source)) {
    yield* source;
    return;
  }
  const iterator = source as Iterator<T> | AsyncIterator<T>;
  if (typeof iterator.next !== 'function')
    throw new ValueError('Dataset.fromGenerator: the factory returned no iterable or iterator');
  try {
    while (true) {
      const r = await iterator.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await iterator.return?.();
  }
}

function leaves(tree: TensorTree, path: string, out: { path: string; tensor: Tensor }[]): void {
  if (tree instanceof Tensor) out.push({ path, tensor: tree });
  else if (Array.isArray(tree)) {
    for (let i = 0; i < tree.length; i++) leaves(tree[i]!, `${path}[${i}]`, out);
  } else if (isPlainObject(tree))
    for (const [k, v] of Object.entries(tree)) leaves(v, path === '' ? k : `${path}.${k}`, out);
  else
    throw new ValueError(
      `Dataset.fromTensors: ${path === '' ? 'the argument' : `'${path}'`} is not a tensor: expected tensors, or arrays / plain objects of tensors`,
    );
}

function mapTree(tree: TensorTree, fn: (t: Tensor) => Tensor): TensorTree {
  if (tree instanceof Tensor) return fn(tree);
  if (Array.isArray(tree)) return tree.map((t) => mapTree(t, fn));
  const out: Record<string, TensorTree> = {};
  for (const [k, v] of Object.entries(tree)) out[k] = mapTree(v, fn);
  return out;
}

/** Checks the tensors of `fromTensors` and returns how many elements they hold. */
export function countRows(tree: TensorTree): number {
  const found: { path: string; tensor: Tensor }[] = [];
  leaves(tree, '', found);
  if (found.length === 0) throw new ValueError('Dataset.fromTensors: no tensors given');
  const name = (p: string) => (p === '' ? 'the tensor' : `'${p}'`);
  for (const { path, tensor } of found) {
    tensor.assertAlive('Dataset.fromTensors');
    if (tensor.rank === 0)
      throw new ValueError(
        `Dataset.fromTensors: ${name(path)} is a scalar: expected rank >= 1 (elements are slices along the first dimension)`,
      );
  }
  const first = found[0]!;
  for (const { path, tensor } of found)
    if (tensor.shape[0] !== first.tensor.shape[0])
      throw new ValueError(
        `Dataset.fromTensors: ${name(path)} has shape ${fmtShape(tensor.shape)}, ${name(first.path)} has ${fmtShape(first.tensor.shape)}: expected the same first dimension`,
      );
  return first.tensor.shape[0]!;
}

function assertSourceAlive(t: Tensor): void {
  if (t.isDisposed)
    throw new ValueError(
      `Dataset.fromTensors: a source tensor (shape ${fmtShape(t.shape)}) was disposed while the dataset still reads it: keep the tensors alive as long as the dataset is used`,
    );
}

/** Yields row `i` of every tensor in `tree` for each index; the rows belong to the consumer. */
export async function* tensorRows<T extends TensorTree>(
  tree: T,
  indices: AsyncIterable<number>,
): AsyncGenerator<T> {
  for await (const i of indices) {
    yield tidy(() =>
      mapTree(tree, (t) => {
        assertSourceAlive(t);
        const rest = t.shape.slice(1);
        return reshape(slice(t, [i, ...rest.map(() => 0)], [1, ...rest]), rest);
      }),
    ) as T;
  }
}

/**
 * Yields batches of rows of `tree` by gathering `size` indices at a time: one op per batch instead
 * of a slice per row and a stack, with the same values as batching the rows one by one.
 */
export async function* gatheredRows(
  tree: TensorTree,
  indices: AsyncIterable<number>,
  size: number,
  dropRemainder: boolean,
): AsyncGenerator<TensorTree> {
  const gatherBatch = (batch: number[]): TensorTree =>
    tidy(() => {
      const idx = tensor(batch, [batch.length], 'int32');
      return mapTree(tree, (t) => {
        assertSourceAlive(t);
        return gather(t, idx, 0);
      });
    });
  let pending: number[] = [];
  for await (const i of indices) {
    pending.push(i);
    if (pending.length === size) {
      const batch = pending;
      pending = [];
      yield gatherBatch(batch);
    }
  }
  if (pending.length > 0 && !dropRemainder) yield gatherBatch(pending);
}

/** 0, 1, ..., n-1. */
export async function* indexRange(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}
