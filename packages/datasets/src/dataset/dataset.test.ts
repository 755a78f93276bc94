import '@glia/backend-cpu';
import { add, div, memory, mul, ready, setSeed, type Tensor, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from './dataset';

beforeAll(async () => {
  await ready();
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Reads a batch of numbers back and frees it. */
async function values(t: Tensor): Promise<number[]> {
  const v = Array.from(await t.data(), Number);
  t.dispose();
  return v;
}

describe('sources', () => {
  it('fromArrays yields the items in order, again on every pass', async () => {
    const ds = Dataset.fromArrays([3, 1, 2]);
    expect(await ds.toArray()).toEqual([3, 1, 2]);
    expect(await ds.toArray()).toEqual([3, 1, 2]);
  });

  it('fromArrays yields clones of tensors, so consumers may dispose them', async () => {
    const t = tensor([1, 2]);
    const ds = Dataset.fromArrays([{ x: t }]);
    for (let pass = 0; pass < 2; pass++)
      for await (const { x } of ds) expect(await values(x)).toEqual([1, 2]);
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });

  it('fromTensors yields rows of every tensor in the structure', async () => {
    const xs = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const ys = tensor([0, 1, 2], [3], 'int32');
    const rows: { x: number[]; y: number[]; shape: number[]; dtype: string }[] = [];
    for await (const { xs: x, ys: y } of Dataset.fromTensors({ xs, ys })) {
      rows.push({ shape: [...x.shape], dtype: y.dtype, x: await values(x), y: await values(y) });
    }
    expect(rows).toEqual([
      { shape: [2], dtype: 'int32', x: [1, 2], y: [0] },
      { shape: [2], dtype: 'int32', x: [3, 4], y: [1] },
      { shape: [2], dtype: 'int32', x: [5, 6], y: [2] },
    ]);
    xs.dispose();
    ys.dispose();
  });

  it('fromTensors checks the first dimensions and names the tensors', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([1, 2]);
    expect(() => Dataset.fromTensors({ xs: a, ys: b })).toThrow(
      "Dataset.fromTensors: 'ys' has shape [2], 'xs' has [3]: expected the same first dimension",
    );
    a.dispose();
    b.dispose();
  });

  it('fromTensors says so when a source tensor was disposed before a pass', async () => {
    const a = tensor([1, 2]);
    const ds = Dataset.fromTensors(a);
    a.dispose();
    await expect(ds.toArray()).rejects.toThrow(/was disposed while the dataset still reads it/);
  });

  it('fromGenerator calls the factory once per pass; sync, async and iterator factories', async () => {
    let calls = 0;
    const ds = Dataset.fromGenerator(function* () {
      calls++;
      yield* [1, 2];
    });
    expect(await ds.toArray()).toEqual([1, 2]);
    expect(await ds.toArray()).toEqual([1, 2]);
    expect(calls).toBe(2);
    const asyncDs = Dataset.fromGenerator(async function* () {
      yield 'a';
      await Promise.resolve();
      yield 'b';
    });
    expect(await asyncDs.toArray()).toEqual(['a', 'b']);
    let i = 0;
    const iter = Dataset.fromGenerator(() => ({
      next: () => (i < 2 ? { done: false, value: i++ } : { done: true, value: undefined }),
    }));
    expect(await iter.toArray()).toEqual([0, 1]);
  });

  it('fromGenerator rejects a generator object passed in place of the function', () => {
    // biome-ignore lint/suspicious/noExplicitAny: a wrong argument on purpose
    expect(() => Dataset.fromGenerator((function* () {})() as any)).toThrow(/expected a function/);
  });
});

describe('map and filter', () => {
  it('map transforms each element in order; filter keeps those that pass', async () => {
    const ds = Dataset.fromArrays(range(6))
      .map((x) => x * 10)
      .filter((x) => x % 20 === 0);
    expect(await ds.toArray()).toEqual([0, 20, 40]);
  });

  it('map frees its intermediates and the inputs it replaced; keeps inputs it passes on', async () => {
    const xs = tensor([
      [1, 2],
      [3, 4],
    ]);
    const ys = tensor([0, 1]);
    const before = memory().numTensors;
    // xs is replaced (freed), ys dropped (freed), add's result is an intermediate (freed)
    const replaced = Dataset.fromTensors({ xs, ys }).map(({ xs: x }) => ({
      x2: mul(add(x, 1), 2),
    }));
    const got: number[][] = [];
    for await (const { x2 } of replaced) got.push(await values(x2));
    expect(got).toEqual([
      [4, 6],
      [8, 10],
    ]);
    expect(memory().numTensors).toBe(before);
    // an input tensor passed through is the same tensor, not freed
    for await (const e of Dataset.fromTensors(xs).map((x) => ({ x, again: x }))) {
      expect(e.x).toBe(e.again);
      expect(e.x.isDisposed).toBe(false);
      e.x.dispose();
    }
    expect(memory().numTensors).toBe(before);
    xs.dispose();
    ys.dispose();
  });

  it('filter accepts async predicates and disposes what it drops', async () => {
    const xs = tensor([1, 2, 3, 4]);
    const before = memory().numTensors;
    const kept: number[] = [];
    const ds = Dataset.fromTensors(xs).filter(async (x) => (await x.data())[0]! > 2);
    for await (const x of ds) kept.push(...(await values(x)));
    expect(kept).toEqual([3, 4]);
    expect(memory().numTensors).toBe(before);
    xs.dispose();
  });

  it('map rejects an async function (tidy is synchronous) and points to mapAsync', async () => {
    const ds = Dataset.fromArrays([1]).map(async (x) => x);
    await expect(ds.toArray()).rejects.toThrow(/returned a Promise/);
    expect(
      await Dataset.fromArrays([1, 2])
        .mapAsync(async (x) => x + 1)
        .toArray(),
    ).toEqual([2, 3]);
  });
});

describe('batch', () => {
  it('groups numbers into float32 tensors; the last batch is smaller unless dropped', async () => {
    const batches: number[][] = [];
    for await (const b of Dataset.fromArrays(range(5)).batch(2)) {
      expect(b.dtype).toBe('float32');
      batches.push(await values(b));
    }
    expect(batches).toEqual([[0, 1], [2, 3], [4]]);
    const dropped: number[][] = [];
    for await (const b of Dataset.fromArrays(range(5)).batch(2, { dropRemainder: true }))
      dropped.push(await values(b));
    expect(dropped).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('stacks {xs, ys} tensor elements into {xs, ys} batch tensors: what fit takes', async () => {
    const xs = tensor(range(5 * 4), [5, 2, 2, 1]);
    const ys = tensor([0, 1, 2, 3, 4], [5], 'int32');
    const before = memory().numTensors;
    const batches = Dataset.fromTensors({ xs, ys }).batch(2);
    // the contract of layers' fit / evaluate
    const fitInput: AsyncIterable<{ xs: Tensor; ys: Tensor }> = batches;
    const seen: { xs: number[]; ys: number[]; yDtype: string }[] = [];
    for await (const b of fitInput) {
      seen.push({ xs: [...b.xs.shape], ys: await values(b.ys), yDtype: b.ys.dtype });
      b.xs.dispose();
    }
    expect(seen).toEqual([
      { xs: [2, 2, 2, 1], ys: [0, 1], yDtype: 'int32' },
      { xs: [2, 2, 2, 1], ys: [2, 3], yDtype: 'int32' },
      { xs: [1, 2, 2, 1], ys: [4], yDtype: 'int32' },
    ]);
    expect(memory().numTensors).toBe(before);
    xs.dispose();
    ys.dispose();
  });

  it('batches arrays of numbers to matrices, tuples member by member, strings to arrays', async () => {
    const ds = Dataset.fromArrays([
      { v: [1, 2], pair: [3, 'a'] as [number, string] },
      { v: [4, 5], pair: [6, 'b'] as [number, string] },
    ]).batch(2);
    const [b] = await ds.toArray();
    expect(b!.v.shape).toEqual([2, 2]);
    expect(await values(b!.v)).toEqual([1, 2, 4, 5]);
    expect(await values(b!.pair[0])).toEqual([3, 6]);
    expect(b!.pair[1]).toEqual(['a', 'b']);
  });

  it('names the element and path whose structure or shape differs, and frees what it held', async () => {
    const before = memory().numTensors;
    const mixed = Dataset.fromArrays<{ x: number | string }>([{ x: 1 }, { x: 'a' }]).batch(2);
    await expect(mixed.toArray()).rejects.toThrow(
      "batch: element 1 at 'x' is a string, element 0 is a number",
    );
    const a = tensor([1, 2]);
    const b = tensor([1, 2, 3]);
    const shapes = Dataset.fromArrays([{ x: a }, { x: b }]).batch(2);
    await expect(shapes.toArray()).rejects.toThrow(
      "batch: element 1 at 'x' has shape [3], element 0 has [2]: expected equal shapes",
    );
    a.dispose();
    b.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => Dataset.fromArrays([1]).batch(0)).toThrow(
      'Dataset.batch: size must be an integer >= 1, got 0',
    );
  });
});

describe('shuffle', () => {
  it('is a permutation, the same for the same seed, different for another', async () => {
    const a = await Dataset.fromArrays(range(50)).shuffle(50, { seed: 1 }).toArray();
    const b = await Dataset.fromArrays(range(50)).shuffle(50, { seed: 1 }).toArray();
    const c = await Dataset.fromArrays(range(50)).shuffle(50, { seed: 2 }).toArray();
    expect([...a].sort((x, y) => x - y)).toEqual(range(50));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(range(50));
  });

  it('reshuffles on each pass (repeatably), or repeats the first order when asked', async () => {
    const ds = Dataset.fromArrays(range(20)).shuffle(20, { seed: 3 });
    const first = await ds.toArray();
    const second = await ds.toArray();
    expect(first).not.toEqual(second);
    const again = Dataset.fromArrays(range(20)).shuffle(20, { seed: 3 });
    expect(await again.toArray()).toEqual(first);
    expect(await again.toArray()).toEqual(second);
    const fixed = Dataset.fromArrays(range(20)).shuffle(20, {
      seed: 3,
      reshuffleEachIteration: false,
    });
    expect(await fixed.toArray()).toEqual(await fixed.toArray());
  });

  it('a buffer of k lets an element move at most k-1 places earlier; a buffer of 1 keeps order', async () => {
    for (const k of [2, 5, 10]) {
      const out = await Dataset.fromArrays(range(200)).shuffle(k, { seed: k }).toArray();
      expect([...out].sort((x, y) => x - y)).toEqual(range(200));
      out.forEach((value, position) => {
        expect(value).toBeLessThanOrEqual(position + k - 1);
      });
      // and it does move things: not the identity
      expect(out).not.toEqual(range(200));
    }
    expect(await Dataset.fromArrays(range(10)).shuffle(1, { seed: 9 }).toArray()).toEqual(
      range(10),
    );
  });

  it('without a seed, follows core setSeed', async () => {
    setSeed(11);
    const a = await Dataset.fromArrays(range(30)).shuffle(30).toArray();
    setSeed(11);
    const b = await Dataset.fromArrays(range(30)).shuffle(30).toArray();
    expect(a).toEqual(b);
  });

  it('disposes the buffered elements when the consumer stops early', async () => {
    const xs = tensor(range(10));
    const before = memory().numTensors;
    for await (const x of Dataset.fromTensors(xs).shuffle(5, { seed: 1 })) {
      x.dispose();
      break;
    }
    expect(memory().numTensors).toBe(before);
    xs.dispose();
  });
});

describe('take, skip, repeat', () => {
  it('take and skip slice the sequence', async () => {
    const ds = Dataset.fromArrays(range(10));
    expect(await ds.take(3).toArray()).toEqual([0, 1, 2]);
    expect(await ds.skip(7).toArray()).toEqual([7, 8, 9]);
    expect(await ds.skip(2).take(2).toArray()).toEqual([2, 3]);
    expect(await ds.take(0).toArray()).toEqual([]);
    expect(await ds.take(20).toArray()).toEqual(range(10));
  });

  it('take pulls no more elements than it yields', async () => {
    let produced = 0;
    const ds = Dataset.fromGenerator(function* () {
      for (let i = 0; ; i++) {
        produced++;
        yield i;
      }
    });
    expect(await ds.take(3).toArray()).toEqual([0, 1, 2]);
    expect(produced).toBe(3);
  });

  it('repeat runs the source again: n times, or forever (with take)', async () => {
    const ds = Dataset.fromArrays([1, 2]);
    expect(await ds.repeat(3).toArray()).toEqual([1, 2, 1, 2, 1, 2]);
    expect(await ds.repeat().take(5).toArray()).toEqual([1, 2, 1, 2, 1]);
    expect(await ds.repeat(0).toArray()).toEqual([]);
    expect(await Dataset.fromArrays([]).repeat().toArray()).toEqual([]);
  });

  it('skip disposes the skipped elements', async () => {
    const xs = tensor(range(6));
    const before = memory().numTensors;
    const got: number[] = [];
    for await (const x of Dataset.fromTensors(xs).skip(4)) got.push(...(await values(x)));
    expect(got).toEqual([4, 5]);
    expect(memory().numTensors).toBe(before);
    xs.dispose();
  });
});

describe('zip and prefetch', () => {
  it('zip pairs elements as a tuple or an object and stops at the shortest', async () => {
    const a = Dataset.fromArrays([1, 2, 3]);
    const b = Dataset.fromArrays(['x', 'y']);
    expect(await Dataset.zip([a, b]).toArray()).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    const zipped = Dataset.zip({ n: a, s: b });
    const typed: { n: number; s: string }[] = await zipped.toArray();
    expect(typed).toEqual([
      { n: 1, s: 'x' },
      { n: 2, s: 'y' },
    ]);
  });

  it('zip of tensor datasets batches into {xs, ys} and frees the longer side', async () => {
    const xs = tensor(range(4));
    const ys = tensor(range(3));
    const before = memory().numTensors;
    const batches = Dataset.zip({ xs: Dataset.fromTensors(xs), ys: Dataset.fromTensors(ys) }).batch(
      2,
    );
    const got: number[][] = [];
    for await (const b of batches) got.push([...(await values(b.xs)), ...(await values(b.ys))]);
    expect(got).toEqual([
      [0, 1, 0, 1],
      [2, 2],
    ]);
    expect(memory().numTensors).toBe(before);
    xs.dispose();
    ys.dispose();
  });

  it('prefetch keeps the order and reads ahead of the consumer', async () => {
    const log: string[] = [];
    const ds = Dataset.fromGenerator(async function* () {
      for (let i = 0; i < 4; i++) {
        log.push(`produce ${i}`);
        yield i;
      }
    }).prefetch(2);
    const out: number[] = [];
    for await (const x of ds) {
      log.push(`consume ${x}`);
      out.push(x);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(out).toEqual([0, 1, 2, 3]);
    // element 1 was produced before element 0 was consumed
    expect(log.indexOf('produce 1')).toBeLessThan(log.indexOf('consume 0'));
  });

  it('prefetch disposes what it fetched ahead when the consumer stops, and passes errors on', async () => {
    const xs = tensor(range(8));
    const before = memory().numTensors;
    for await (const x of Dataset.fromTensors(xs).prefetch(4)) {
      x.dispose();
      break;
    }
    expect(memory().numTensors).toBe(before);
    const failing = Dataset.fromGenerator(function* () {
      yield 1;
      throw new Error('boom');
    }).prefetch(3);
    await expect(failing.toArray()).rejects.toThrow('boom');
    xs.dispose();
  });
});

describe('batches of fromTensors rows', () => {
  it('gathering whole batches gives what batching row by row gives, in the same order', async () => {
    const xs = tensor(range(30 * 2), [30, 2]);
    const ys = tensor(range(30), [30], 'int32');
    const before = memory().numTensors;
    const pipeline = <T>(ds: Dataset<T>) =>
      ds.shuffle(7, { seed: 8 }).skip(3).take(20).repeat(2).batch(6);
    // map(identity) leaves the row path, so this one slices and stacks each row
    const fused = pipeline(Dataset.fromTensors({ xs, ys }));
    const rowByRow = pipeline(Dataset.fromTensors({ xs, ys }).map((e) => e));
    const read = async (ds: typeof fused) => {
      const out: { shape: number[]; dtype: string; xs: number[]; ys: number[] }[] = [];
      for await (const b of ds)
        out.push({
          shape: [...b.xs.shape],
          dtype: b.ys.dtype,
          xs: await values(b.xs),
          ys: await values(b.ys),
        });
      return out;
    };
    const a = await read(fused);
    const b = await read(rowByRow);
    // 20 rows twice over, in batches of 6
    expect(a.map((x) => x.shape)).toEqual([
      [6, 2],
      [6, 2],
      [6, 2],
      [6, 2],
      [6, 2],
      [6, 2],
      [4, 2],
    ]);
    expect(a[0]!.dtype).toBe('int32');
    expect(a).toEqual(b);
    // each pass reshuffles: the two repeats differ
    const order = a.flatMap((x) => x.ys);
    expect(order.slice(0, 20)).not.toEqual(order.slice(20));
    expect(memory().numTensors).toBe(before);
    xs.dispose();
    ys.dispose();
    await expect(fused.toArray()).rejects.toThrow(/was disposed while the dataset still reads it/);
  });
});

describe('memory through a whole pipeline', () => {
  it('leaks no tensor: fromTensors, map, filter, shuffle, batch, prefetch, take, repeat', async () => {
    const xs = tensor(range(40 * 3), [40, 3]);
    const ys = tensor(
      range(40).map((i) => i % 4),
      [40],
      'int32',
    );
    const before = memory().numTensors;
    const ds = Dataset.fromTensors({ xs, ys })
      .map(({ xs: x, ys: y }) => ({ xs: div(x, 10), ys: y }))
      .filter(async ({ ys: y }) => (await y.data())[0] !== 3)
      .shuffle(8, { seed: 5 })
      .batch(4)
      .prefetch(2)
      .repeat(2);
    let batches = 0;
    for await (const { xs: bx, ys: by } of ds) {
      expect(bx.shape[1]).toBe(3);
      batches++;
      bx.dispose();
      by.dispose();
    }
    expect(batches).toBe(2 * Math.ceil(30 / 4));
    expect(memory().numTensors).toBe(before);
    // and when the consumer stops early, mid-pass
    for await (const b of ds.take(3)) {
      b.xs.dispose();
      b.ys.dispose();
    }
    for await (const b of ds) {
      b.xs.dispose();
      b.ys.dispose();
      break;
    }
    expect(memory().numTensors).toBe(before);
    xs.dispose();
    ys.dispose();
  });
});
