import { describe, expect, it } from 'vitest';
import { BROWSER_BACKENDS, parseBrowserBackends } from './backends';

describe('parseBrowserBackends', () => {
  it('runs every known backend when unset or empty', () => {
    expect(BROWSER_BACKENDS).toEqual(['cpu', 'gpujs', 'gpujs-webgpu']);
    expect(parseBrowserBackends(undefined)).toEqual([...BROWSER_BACKENDS]);
    expect(parseBrowserBackends('  ')).toEqual([...BROWSER_BACKENDS]);
  });

  it('takes a comma-separated list, trimmed, without repeats', () => {
    expect(parseBrowserBackends(' cpu , cpu,')).toEqual(['cpu']);
    expect(parseBrowserBackends('gpujs,cpu')).toEqual(['gpujs', 'cpu']);
  });

  it('names the unknown backends and lists the known ones', () => {
    expect(() => parseBrowserBackends('cpu,webgpu,metal')).toThrow(
      `GLIA_BROWSER_BACKENDS: unknown backend "webgpu", "metal": expected a comma-separated list of ${BROWSER_BACKENDS.join(', ')}`,
    );
  });
});
