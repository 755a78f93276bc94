import {
  COMPOSITE_KERNELS,
  conv2d,
  getBackend,
  getFallbackCounts,
  listBackends,
  matMul,
  memory,
  PRIMITIVE_KERNELS,
  ready,
  resetFallbackCounts,
  reshape,
  setBackend,
  softmax,
  tensor,
  tidy,
} from '@glia/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend, createCpuBackend } from './index';

describe('CpuBackend', () => {
  it('implements every primitive and composite kernel', () => {
    const backend = new CpuBackend();
    for (const name of [...PRIMITIVE_KERNELS, ...COMPOSITE_KERNELS])
      expect(typeof backend.kernels[name], name).toBe('function');
  });

  it('copies on write, reads back, and reports and frees memory', async () => {
    const backend = createCpuBackend();
    const values = new Float32Array([1, 2, 3]);
    const id = backend.write(values, [3], 'float32');
    values[0] = 100;
    expect(Array.from(backend.readSync(id))).toEqual([1, 2, 3]);
    expect(Array.from(await backend.read(id))).toEqual([1, 2, 3]);
    backend.write(new Uint8Array([1, 0]), [2], 'bool');
    expect(backend.memory()).toEqual({ numBytes: 14, numDataBuffers: 2 });
    backend.disposeData(id);
    expect(backend.memory()).toEqual({ numBytes: 2, numDataBuffers: 1 });
    expect(() => backend.readSync(id)).toThrow(/not stored/);
    backend.dispose();
    expect(backend.memory().numDataBuffers).toBe(0);
  });

  it("registers itself as 'cpu' when imported", async () => {
    expect(listBackends().map((b) => b.name)).toContain('cpu');
    await ready();
    await setBackend('cpu');
    expect(getBackend().name).toBe('cpu');
  });

  it('runs ops through the engine without leaking or falling back', async () => {
    await setBackend('cpu');
    resetFallbackCounts();
    const before = memory().numTensors;
    const results: number[][] = [];
    tidy(() => {
      const m = matMul(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([[5], [6]]),
      );
      const x = reshape(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 3, 3, 1]);
      const y = conv2d(x, tensor([1, 1, 1, 1], [2, 2, 1, 1]), { padding: 'valid' });
      for (const t of [m, softmax(tensor([1000, 1000])), y]) results.push(Array.from(t.dataSync()));
    });
    const [product, probabilities, convolved] = results;
    expect(product).toEqual([17, 39]);
    expect(probabilities).toEqual([0.5, 0.5]);
    expect(convolved).toEqual([12, 16, 24, 28]);
    expect(memory().numTensors).toBe(before);
    expect(getFallbackCounts()).toEqual({});
  });
});
