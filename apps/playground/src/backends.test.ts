import { describe, expect, it } from 'vitest';
import { backendChoices } from './backends';

describe('backendChoices', () => {
  it("lists 'auto' first, then the registry's backends in its order, with failures", () => {
    expect(
      backendChoices([
        {
          name: 'gpujs',
          priority: 2,
          initialized: true,
          active: true,
          description: 'gpujs (webgl2)',
        },
        { name: 'cpu', priority: 1, initialized: false, active: false },
        {
          name: 'webgpu',
          priority: 0.5,
          initialized: false,
          active: false,
          failure: 'no adapter',
        },
      ]),
    ).toEqual([
      { value: 'auto', label: 'auto (best available)' },
      { value: 'gpujs', label: 'gpujs (webgl2)' },
      { value: 'cpu', label: 'cpu' },
      { value: 'webgpu', label: 'webgpu', failure: 'no adapter' },
    ]);
  });
});
