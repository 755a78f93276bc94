import { checkOptions, Prng, seedFromGlobalGenerator, ValueError } from '@glia/core';
import { type Batched, batchElements } from './batch';
import { disposeElement } from './element';
import { prefetchElements } from './prefetch';
import { shuffleElements } from './shuffle';
import { repeatElements, skipElements, takeElements } from './slicing';
import {
  arrayElements,
  countRows,
  type ElementSource,
  gatheredRows,
  generatorElements,
  indexRange,
  type TensorTree,
  tensorRows,
} from './sources';
import { filterElements, mapElements, mapElementsAsync } from './transform';
import { zipElements } from './zip';

/** Options of {@link Dataset.batch}. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default false). */
  dropRemainder?: boolean;
}

const BATCH_KEYS = Object.keys({
  dropRemainder: true,
} satisfies Record<keyof BatchOptions, true>);

/** Options of {@link Dataset.shuffle}. */
export interface ShuffleOptions {
  /** Seeds the order; without it the order comes from core's global generator (`setSeed`). */
  seed?: number;
  /** Draw a new order on each pass over the dataset (default true); false repeats the first. */
  reshuffleEachIteration?: boolean;
}

const SHUFFLE_KEYS = Object.keys({
  seed: true,
  reshuffleEachIteration: true,
} satisfies Record<keyof ShuffleOptions, true>);

/**
 * Rows of source tensors, chosen by a stream of row indices. Datasets made by `fromTensors` and then
 * only shuffled, taken, skipped or repeated keep one, so that `batch` can gather each batch in one
 * op; the index stream is the same one their element-by-element path reads, so both agree.
 */
interface RowPlan {
  tree: TensorTree;
  indices: () => AsyncIterable<number>;
}

function assertCount(op: string, name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min)
    throw new ValueError(`Dataset.${op}: ${name} must be an integer >= ${min}, got ${n}`);
}

/**
 * A lazy, re-iterable sequence of elements: every `for await` over it (every epoch of `fit`) runs the
 * pipeline again from its source. Operators return new datasets and compute nothing until iterated.
 *
 * **Ownership.** Each element a dataset yields is new and belongs to the consumer, who disposes its
 * tensors (`fit` and `evaluate` do, batch by batch). Operators free what they consume: `map` the
 * input tensors its output does not reuse, `batch` the stacked elements, `filter` and `skip` the
 * dropped ones, `take`, `shuffle` and `prefetch` what they held when the consumer stops early.
 *
 * ```ts
 * const ds = Dataset.fromTensors({ xs: images, ys: labels }) // elements {xs: [28,28,1], ys: []}
 *   .shuffle(1000, { seed: 1 })
 *   .batch(32); // {xs: [32,28,28,1], ys: [32]}: what model.fit(ds) takes
 * for await (const { xs, ys } of ds) { ...; xs.dispose(); ys.dispose(); }
 * ```
 */
export class Dataset<T> implements AsyncIterable<T> {
  private readonly open: () => AsyncIterator<T>;
  private rowPlan: RowPlan | undefined;

  /** Prefer the static constructors; `open` must start a fresh pass each call. */
  constructor(open: () => AsyncIterator<T>) {
    this.open = open;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.open();
  }

  /** A dataset of the rows of `tree` that `indices` picks, keeping the plan for `batch`. */
  private static ofRows<T>(tree: TensorTree, indices: () => AsyncIterable<number>): Dataset<T> {
    const ds = new Dataset<T>(
      () => tensorRows(tree, indices()) as AsyncIterator<unknown> as AsyncIterator<T>,
    );
    ds.rowPlan = { tree, indices };
    return ds;
  }

  /** Applies an index-only operator to the row plan, when there is one. */
  private withRows(
    op: (indices: AsyncIterable<number>) => AsyncIterable<number>,
    general: () => AsyncIterator<T>,
  ): Dataset<T> {
    const plan = this.rowPlan;
    if (plan === undefined) return new Dataset(general);
    return Dataset.ofRows<T>(plan.tree, () => op(plan.indices()));
  }

  /**
   * The items of an array, in order. Tensors inside items are yielded as clones (shared storage),
   * so the consumer may dispose them and the array stays usable for the next pass.
   *
   * ```ts
   * Dataset.fromArrays([1, 2, 3]).batch(2); // tensors [1,2], [3]
   * ```
   */
  static fromArrays<T>(items: readonly T[]): Dataset<T> {
    if (!Array.isArray(items))
      throw new ValueError(`Dataset.fromArrays: expected an array, got ${typeof items}`);
    const copy = [...items];
    return new Dataset(() => arrayElements(copy));
  }

  /**
   * The rows (slices along the first dimension) of a tensor, or of several tensors with the same
   * first dimension arranged in arrays or plain objects. The dataset reads the tensors on each pass
   * and does not own them: keep them alive while the dataset is used, then dispose them.
   *
   * ```ts
   * Dataset.fromTensors({ xs: tensor([[1, 2], [3, 4]]), ys: tensor([0, 1]) });
   * // {xs: [1,2], ys: 0}, {xs: [3,4], ys: 1}
   * ```
   */
  static fromTensors<T extends TensorTree>(tensors: T): Dataset<T> {
    const rows = countRows(tensors);
    return Dataset.ofRows<T>(tensors, () => indexRange(rows));
  }

  /**
   * What `factory` produces: a generator function, or any function returning an iterable or
   * iterator, sync or async. It is called once per pass.
   *
   * ```ts
   * Dataset.fromGenerator(function* () { for (let i = 0; i < 3; i++) yield i; });
   * ```
   */
  static fromGenerator<T>(factory: () => ElementSource<T>): Dataset<T> {
    if (typeof factory !== 'function')
      throw new ValueError(
        `Dataset.fromGenerator: expected a function returning an iterable, got ${typeof factory}`,
      );
    return new Dataset(() => generatorElements(factory));
  }

  /**
   * Pairs the i-th elements of datasets, as a tuple or an object with the same keys; stops at the
   * shortest.
   *
   * ```ts
   * Dataset.zip({ xs: images, ys: labels }); // {xs, ys} elements
   * ```
   */
  static zip<const D extends readonly Dataset<unknown>[]>(
    datasets: D,
  ): Dataset<{ -readonly [K in keyof D]: D[K] extends Dataset<infer E> ? E : never }>;
  static zip<D extends Record<string, Dataset<unknown>>>(
    datasets: D,
  ): Dataset<{ [K in keyof D]: D[K] extends Dataset<infer E> ? E : never }>;
  static zip(
    datasets: readonly Dataset<unknown>[] | Record<string, Dataset<unknown>>,
  ): Dataset<unknown> {
    const isArray = Array.isArray(datasets);
    const keys = isArray ? [] : Object.keys(datasets);
    const list: Dataset<unknown>[] = isArray
      ? [...(datasets as readonly Dataset<unknown>[])]
      : keys.map((k) => (datasets as Record<string, Dataset<unknown>>)[k]!);
    list.forEach((d, i) => {
      if (!(d instanceof Dataset))
        throw new ValueError(
          `Dataset.zip: ${isArray ? `datasets[${i}]` : `'${keys[i]}'`} is not a Dataset`,
        );
    });
    if (list.length === 0) throw new ValueError('Dataset.zip: expected at least one dataset');
    if (isArray) return new Dataset<unknown>(() => zipElements(list));
    return new Dataset<unknown>(() =>
      mapElementsAsync(zipElements(list), async (values) => {
        const out: Record<string, unknown> = {};
        keys.forEach((k, i) => {
          out[k] = values[i];
        });
        return out;
      }),
    );
  }

  /**
   * Applies `fn` to each element. `fn` runs inside `tidy`, so it must be synchronous (use
   * {@link Dataset.mapAsync} otherwise); its intermediate tensors are freed, and tensors of the input
   * that the output does not contain are disposed.
   *
   * ```ts
   * ds.map(({ xs, ys }) => ({ xs: div(xs, 255), ys }));
   * ```
   */
  map<U>(fn: (x: T) => U): Dataset<U> {
    return new Dataset(() => mapElements(this, fn));
  }

  /** As {@link Dataset.map} for an async `fn`; no `tidy`, so `fn` disposes its own intermediates. */
  mapAsync<U>(fn: (x: T) => Promise<U>): Dataset<U> {
    return new Dataset(() => mapElementsAsync(this, fn));
  }

  /**
   * The elements for which `predicate` holds; the others are disposed.
   *
   * ```ts
   * Dataset.fromArrays([1, 2, 3, 4]).filter((x) => x % 2 === 0); // 2, 4
   * ```
   */
  filter(predicate: (x: T) => boolean | Promise<boolean>): Dataset<T> {
    return new Dataset(() => filterElements(this, predicate));
  }

  /**
   * Groups `size` consecutive elements into one batch: tensors are stacked along a new first
   * dimension, numbers become a 1-D float32 tensor, objects and arrays are batched member by
   * member (see {@link Batched}). Batching `{xs, ys}` elements gives exactly the `{xs, ys}` batches
   * that `model.fit` and `model.evaluate` take. The last batch may be smaller unless `dropRemainder`.
   *
   * ```ts
   * Dataset.fromArrays([1, 2, 3, 4, 5]).batch(2); // [1,2], [3,4], [5]
   * ```
   */
  batch(size: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    checkOptions('Dataset.batch', 'Dataset.batch(size, { dropRemainder? })', options, BATCH_KEYS);
    assertCount('batch', 'size', size, 1);
    const dropRemainder = options.dropRemainder ?? false;
    const plan = this.rowPlan;
    if (plan !== undefined)
      return new Dataset(
        () =>
          gatheredRows(
            plan.tree,
            plan.indices(),
            size,
            dropRemainder,
          ) as AsyncIterator<unknown> as AsyncIterator<Batched<T>>,
      );
    return new Dataset(() => batchElements(this, size, dropRemainder));
  }

  /**
   * Shuffles with a buffer of `bufferSize` elements (the first `bufferSize` elements fill it; each later
   * element takes the place of a buffered one drawn at random, which is yielded; the buffer drains in
   * random order at the end: an element moves at most `bufferSize - 1` places earlier, and a buffer
   * at least as large as the dataset gives a uniform shuffle). With a seed the
   * order is the same on every run and every backend; each pass draws a new order unless
   * `reshuffleEachIteration` is false.
   *
   * ```ts
   * ds.shuffle(10_000, { seed: 42 });
   * ```
   */
  shuffle(bufferSize: number, options: ShuffleOptions = {}): Dataset<T> {
    checkOptions(
      'Dataset.shuffle',
      'Dataset.shuffle(bufferSize, { seed?, reshuffleEachIteration? })',
      options,
      SHUFFLE_KEYS,
    );
    assertCount('shuffle', 'bufferSize', bufferSize, 1);
    const { seed, reshuffleEachIteration = true } = options;
    if (seed !== undefined && !Number.isFinite(seed))
      throw new ValueError(`Dataset.shuffle: seed must be a finite number, got ${seed}`);
    const baseSeed = seed ?? seedFromGlobalGenerator();
    const passSeeds = new Prng(baseSeed);
    const passPrng = () => new Prng(reshuffleEachIteration ? passSeeds.nextUint32() : baseSeed);
    return this.withRows(
      (indices) => shuffleElements(indices, bufferSize, passPrng()),
      () => shuffleElements(this, bufferSize, passPrng()),
    );
  }

  /** The first `count` elements. */
  take(count: number): Dataset<T> {
    assertCount('take', 'count', count, 0);
    return this.withRows(
      (indices) => takeElements(indices, count),
      () => takeElements(this, count),
    );
  }

  /** All but the first `count` elements. */
  skip(count: number): Dataset<T> {
    assertCount('skip', 'count', count, 0);
    return this.withRows(
      (indices) => skipElements(indices, count),
      () => skipElements(this, count),
    );
  }

  /** The dataset `count` times over; forever when `count` is omitted. */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) assertCount('repeat', 'count', count, 0);
    const plan = this.rowPlan;
    if (plan !== undefined) {
      const eachRound: AsyncIterable<number> = {
        [Symbol.asyncIterator]: () => plan.indices()[Symbol.asyncIterator](),
      };
      return Dataset.ofRows<T>(plan.tree, () => repeatElements(eachRound, count));
    }
    return new Dataset(() => repeatElements(this, count));
  }

  /** Produces up to `bufferSize` elements ahead of the consumer (default 1). */
  prefetch(bufferSize = 1): Dataset<T> {
    assertCount('prefetch', 'bufferSize', bufferSize, 1);
    return new Dataset(() => prefetchElements(this, bufferSize));
  }

  /** Runs `fn` on every element, then disposes the element's tensors. */
  async forEach(fn: (x: T) => void | Promise<void>): Promise<void> {
    for await (const x of this) {
      try {
        await fn(x);
      } finally {
        disposeElement(x);
      }
    }
  }

  /** Every element, in an array the caller owns (mind memory on large datasets). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const x of this) out.push(x);
    return out;
  }
}
