// With @glia/backend-gpujs installed beside it (a devDependency here), the umbrella registers both
// backends; ready() takes the higher priority one, and the same ops give the same numbers on each.

import { gpujsPriority } from '@glia/backend-gpujs';
import * as glia from 'glia';
import { afterAll, describe, expect, it } from 'vitest';

describe('glia registers the CPU and gpu.js backends', () => {
  afterAll(async () => {
    await glia.setBackend('cpu');
  });

  it('lists both, ordered by priority, and ready() starts the first one', async () => {
    const listed = glia.listBackends().map((status) => status.name);
    expect(listed).toContain('cpu');
    expect(listed).toContain('gpujs');
    const expected = gpujsPriority() > 1 ? 'gpujs' : 'cpu';
    expect(listed[0]).toBe(expected);
    await glia.ready();
    expect(glia.getBackendName()).toBe(expected);
  });

  it('gives the same matMul + softmax on gpujs as on cpu', async () => {
    const run = (): number[] =>
      glia.tidy(() => {
        const a = glia.randomNormal([7, 5], 0, 1, 'float32', 3);
        const b = glia.randomNormal([5, 4], 0, 1, 'float32', 4);
        return [...(glia.softmax(glia.matMul(a, b)).dataSync() as Float32Array)];
      });
    await glia.setBackend('cpu');
    const onCpu = run();
    await glia.setBackend('gpujs');
    expect(glia.getBackendName()).toBe('gpujs');
    const before = glia.memory().numTensors;
    const onGpujs = run();
    expect(glia.memory().numTensors).toBe(before);
    expect(onGpujs).toHaveLength(28);
    for (let i = 0; i < onCpu.length; i++) expect(onGpujs[i]).toBeCloseTo(onCpu[i]!, 5);
    // Rows of a softmax sum to 1 (an independent check that neither side is trivially wrong).
    for (let r = 0; r < 7; r++) {
      const sum = onGpujs.slice(r * 4, r * 4 + 4).reduce((s, v) => s + v, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
  });
});
