// Tensors over the kernel limit (2^23 elements) are held on the host: written, read, disposed and
// counted like any tensor, gathered and sliced on the host (only the batch goes to the device), and
// refused with a clear error by every other kernel. model.fit on such an x trains on the device.
import '@glia/backend-cpu';
import {
  dispose,
  getFallbackCounts,
  memory,
  registerBackend,
  removeBackend,
  resetFallbackCounts,
  setBackend,
  setSeed,
  tensor,
} from '@glia/core';
import { layers, resetLayerNames, sequential } from '@glia/layers';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_KERNEL_ELEMENTS } from './kernels/context';
import { testBackend } from './test-support';

const COLS = 784;
/** Just over the limit: 10,710 rows of 784, 8,396,640 elements. */
const ROWS = Math.floor(MAX_KERNEL_ELEMENTS / COLS) + 10;
/** A value every row and column tells apart, an integer float32 holds exactly (< 2^24). */
const value = (r: number, c: number) => r * 1000 + c;

function pattern(): Float32Array {
  const values = new Float32Array(ROWS * COLS);
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) values[r * COLS + c] = value(r, c);
  return values;
}

/** The first index where `a` and `b` differ (-1: none); toEqual is slow on 8M elements. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('host-resident tensors (over 2^23 elements)', () => {
  const backend = testBackend();
  afterAll(() => backend.dispose());
  const values = pattern();
  const shape = [ROWS, COLS];

  it('are written, gathered, sliced, read back and disposed with counts back at baseline', () => {
    expect(ROWS * COLS).toBeGreaterThan(MAX_KERNEL_ELEMENTS);
    const before = backend.memory();
    const x = { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' as const };
    const held = backend.memory();
    expect(held.liveTextures).toBe(before.liveTextures); // no device buffer
    expect(held.hostResidentTensors).toBe(before.hostResidentTensors + 1);
    expect(held.numBytes - before.numBytes).toBe(4 * ROWS * COLS);
    expect(held.numDataBuffers).toBe(before.numDataBuffers + 1);

    // gather along axis 0 by arbitrary rows, as fit's shuffled batches do
    const rows = [5, 0, ROWS - 1, 10_700, 5, 1234];
    const indices = {
      dataId: backend.write(Int32Array.from(rows), [rows.length], 'int32'),
      shape: [rows.length],
      dtype: 'int32' as const,
    };
    const g = backend.kernels.gather({ x, indices }, { axis: 0 });
    expect(g.shape).toEqual([rows.length, COLS]);
    const gathered = backend.readSync(g.dataId);
    const expected = new Float32Array(rows.length * COLS);
    rows.forEach((r, k) => {
      for (let c = 0; c < COLS; c++) expected[k * COLS + c] = value(r, c);
    });
    expect(gathered).toEqual(expected);
    // the batch is an ordinary device tensor: kernels run on it
    const neg = backend.kernels.neg({ x: g }, {});
    expect(backend.readSync(neg.dataId)[COLS * 2 + 3]).toBe(-value(ROWS - 1, 3));

    // gather along the inner axis (the result [ROWS, 2] is small)
    const cols = {
      dataId: backend.write(Int32Array.from([783, 0]), [2], 'int32'),
      shape: [2],
      dtype: 'int32' as const,
    };
    const gc = backend.kernels.gather({ x, indices: cols }, { axis: 1 });
    expect(gc.shape).toEqual([ROWS, 2]);
    const gcValues = backend.readSync(gc.dataId);
    expect([gcValues[0], gcValues[1], gcValues[2 * 9000], gcValues[2 * 9000 + 1]]).toEqual([
      value(0, 783),
      value(0, 0),
      value(9000, 783),
      value(9000, 0),
    ]);
    // out-of-range indices are still an error
    const bad = {
      dataId: backend.write(Int32Array.from([ROWS]), [1], 'int32'),
      shape: [1],
      dtype: 'int32' as const,
    };
    expect(() => backend.kernels.gather({ x, indices: bad }, { axis: 0 })).toThrow(
      `gather: index ${ROWS} (at position 0 of indices) is out of range`,
    );

    // slice: whole rows (fit without shuffling, evaluate) and an inner block
    const s = backend.kernels.slice({ x }, { begin: [10_000, 0], size: [64, COLS] });
    expect(s.shape).toEqual([64, COLS]);
    expect(backend.readSync(s.dataId)).toEqual(values.subarray(10_000 * COLS, 10_064 * COLS));
    const block = backend.kernels.slice({ x }, { begin: [7, 100], size: [3, 2] });
    expect(Array.from(backend.readSync(block.dataId))).toEqual([
      value(7, 100),
      value(7, 101),
      value(8, 100),
      value(8, 101),
      value(9, 100),
      value(9, 101),
    ]);

    // read back whole, as a copy
    const back = backend.readSync(x.dataId);
    expect(back).toBeInstanceOf(Float32Array);
    expect(firstDifference(back, values)).toBe(-1);
    back[0] = -1;
    expect(backend.readSync(x.dataId)[0]).toBe(0);

    for (const t of [g, neg, gc, s, block, indices, cols, bad]) backend.disposeData(t.dataId);
    expect(backend.memory().liveTextures).toBe(held.liveTextures);
    backend.disposeData(x.dataId);
    const after = backend.memory();
    expect(after.liveTextures).toBe(before.liveTextures);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.hostResidentTensors).toBe(before.hostResidentTensors);
  });

  it('keeps int32 exact on the host and gathers it', async () => {
    const ints = new Int32Array(MAX_KERNEL_ELEMENTS + 3);
    for (let i = 0; i < ints.length; i++) ints[i] = 2_000_000_000 - i;
    const x = { dataId: backend.write(ints, [ints.length], 'int32'), shape: [ints.length] };
    const dtype = 'int32' as const;
    const indices = {
      dataId: backend.write(Int32Array.from([0, ints.length - 1]), [2], 'int32'),
      shape: [2],
      dtype,
    };
    const g = backend.kernels.gather({ x: { ...x, dtype }, indices }, { axis: 0 });
    // the batch is on the device (float32 storage): compare within what float32 holds
    expect(Array.from(backend.readSync(g.dataId))).toEqual([
      Math.fround(2_000_000_000),
      Math.fround(2_000_000_000 - ints.length + 1),
    ]);
    const back = await backend.read(x.dataId);
    expect(back).toBeInstanceOf(Int32Array);
    expect(firstDifference(back, ints)).toBe(-1);
    for (const t of [x, indices, g]) backend.disposeData(t.dataId);
  });

  it('is refused by every other kernel, naming the kernel, the shape, the limit and the way out', () => {
    const x = { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' as const };
    const refusal = (kernel: string) =>
      `gpujs: ${kernel}: input 0 [${ROWS},${COLS}] has ${ROWS * COLS} elements: expected at most ${MAX_KERNEL_ELEMENTS} (2^23)`;
    expect(() => backend.kernels.neg({ x }, {})).toThrow(refusal('neg'));
    expect(() => backend.kernels.neg({ x }, {})).toThrow(
      'take batches of it with gather or slice (as model.fit does)',
    );
    expect(() => backend.kernels.sum({ x }, { axes: [1] })).toThrow(refusal('sum'));
    expect(() => backend.kernels.transpose({ x }, { perm: [1, 0] })).toThrow(refusal('transpose'));
    backend.disposeData(x.dataId);
  });
});

it('model.fit on an x over the kernel limit trains on gpujs with no fallbacks', {
  timeout: 600_000,
}, async () => {
  const backend = testBackend();
  registerBackend('gpujs-host-resident', () => backend);
  const tensorsBefore = memory().numTensors;
  try {
    await setBackend('gpujs-host-resident');
    setSeed(7);
    resetLayerNames();
    resetFallbackCounts();
    const before = backend.report();
    const features = pattern();
    // scale to [0, 1): row r's features, labels from the row (a learnable rule)
    for (let i = 0; i < features.length; i++) features[i] = (features[i]! % 1000) / 1000;
    const labels = Int32Array.from({ length: ROWS }, (_, r) => r % 2);
    const x = tensor(features, [ROWS, COLS], 'float32');
    const y = tensor(labels, [ROWS], 'int32');
    expect(backend.report().hostResidentTensors).toBe(before.hostResidentTensors + 1);
    const model = sequential({
      layers: [
        layers.dense({ units: 4, activation: 'relu', inputShape: [COLS] }),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const started = performance.now();
    const history = await model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    const seconds = (performance.now() - started) / 1000;
    // evaluate takes its batches with slice
    const evaluated = await model.evaluate(x, y, { batchSize: 2048 });
    const report = backend.report();
    console.log(
      `fit on x [${ROWS},${COLS}] (host-resident) in ${backend.mode}: ${Math.ceil(ROWS / 64)} batches in ${seconds.toFixed(1)} s, loss ${history.history.loss![0]}; evaluate loss ${evaluated.loss}; kernels compiled ${report.compiles}, cache hits ${report.cacheHits}`,
    );
    expect(Number.isFinite(history.history.loss![0])).toBe(true);
    expect(Number.isFinite(evaluated.loss)).toBe(true);
    expect(getFallbackCounts()).toEqual({});
    expect(report.gpujsFallbacks).toBe(0);
    model.dispose();
    dispose([x, y]);
    const after = backend.report();
    expect(after.liveTextures).toBe(before.liveTextures);
    expect(after.hostResidentTensors).toBe(before.hostResidentTensors);
  } finally {
    await setBackend('cpu');
    removeBackend('gpujs-host-resident');
  }
  expect(memory().numTensors).toBe(tensorsBefore);
});
