// The registry's choice among gpu.js's modes, from stubbed WebGPU adapters: WebGPU on a hardware
// adapter outranks GL on a GPU (2) and the CPU backend (1); a software adapter does not.
import { CpuBackend } from '@glia/backend-cpu';
import { getBackendName, listBackends, ready, registerBackend, removeBackend } from '@glia/core';
import { afterEach, describe, expect, it } from 'vitest';
import { adapterFacts } from './adapter-facts';
import type { WebGpuAdapterLike, WebGpuContext } from './gpujs-api';
import {
  gpujsPriority,
  rankFor,
  registerGpujsBackend,
  WEBGPU_PRIORITY,
  type WebGpuProbe,
  whyNotWebGpu,
} from './register';

const LIMITS = {
  maxStorageBufferBindingSize: 2 ** 31 - 4,
  maxBufferSize: 2 ** 32,
  maxComputeWorkgroupsPerDimension: 65535,
};

function adapter(info: WebGpuAdapterLike['info'], isFallbackAdapter?: boolean): WebGpuAdapterLike {
  return { info, limits: LIMITS, ...(isFallbackAdapter !== undefined && { isFallbackAdapter }) };
}

function probeOf(a: WebGpuAdapterLike): WebGpuProbe {
  const context = { adapter: a, device: { limits: LIMITS, destroy() {} }, isLost: false };
  return { context: context as WebGpuContext, facts: adapterFacts(a) };
}

const NVIDIA = adapter({ vendor: 'nvidia', architecture: 'ampere', device: '', description: '' });
const APPLE = adapter({ vendor: 'apple', architecture: 'metal-3' });
const SWIFTSHADER = adapter({
  vendor: 'google',
  architecture: 'swiftshader',
  description: 'SwiftShader Device (Subzero)',
});
const LAVAPIPE = adapter({
  vendor: 'mesa',
  architecture: '',
  device: 'llvmpipe (LLVM 15.0.6, 256 bits)',
  description: 'lavapipe',
});
const FALLBACK = adapter({ vendor: 'intel', architecture: 'gen-12lp', isFallbackAdapter: true });
const OLD_FALLBACK = adapter({ vendor: 'intel', architecture: '' }, true);

describe('adapterFacts', () => {
  it('reads vendor, architecture, fallback and limits', () => {
    expect(adapterFacts(NVIDIA)).toEqual({
      vendor: 'nvidia',
      architecture: 'ampere',
      description: '',
      isFallbackAdapter: false,
      isSoftware: false,
      limits: LIMITS,
    });
  });
  it('tells software adapters: SwiftShader, lavapipe, fallback adapters (both spellings)', () => {
    expect(adapterFacts(SWIFTSHADER).isSoftware).toBe(true);
    expect(adapterFacts(LAVAPIPE).isSoftware).toBe(true);
    expect(adapterFacts(FALLBACK)).toMatchObject({ isFallbackAdapter: true, isSoftware: true });
    expect(adapterFacts(OLD_FALLBACK)).toMatchObject({ isFallbackAdapter: true, isSoftware: true });
    expect(adapterFacts(APPLE).isSoftware).toBe(false);
  });
});

describe('rankFor', () => {
  it('ranks WebGPU on hardware above GL on a GPU (2) and the CPU backend (1)', () => {
    expect(rankFor(probeOf(NVIDIA), 2)).toBe(WEBGPU_PRIORITY);
    expect(WEBGPU_PRIORITY).toBeGreaterThan(2);
    expect(rankFor(probeOf(APPLE), 0.5)).toBe(WEBGPU_PRIORITY);
  });
  it('keeps the priority without WebGPU on a software adapter or with none, and says why', () => {
    expect(rankFor(probeOf(SWIFTSHADER), 0.5)).toBe(0.5);
    expect(rankFor(probeOf(FALLBACK), 2)).toBe(2);
    expect(whyNotWebGpu(probeOf(SWIFTSHADER))).toBe(
      'the WebGPU adapter is a software one (google swiftshader SwiftShader Device (Subzero))',
    );
    expect(whyNotWebGpu(probeOf(FALLBACK))).toMatch(
      /software one \(intel gen-12lp, fallback adapter\)/,
    );
    expect(rankFor({ reason: 'navigator.gpu is missing' }, 0.5)).toBe(0.5);
    expect(whyNotWebGpu({ reason: 'navigator.gpu is missing' })).toBe('navigator.gpu is missing');
    expect(whyNotWebGpu(probeOf(NVIDIA))).toBeUndefined();
  });
});

describe('ready() with a stubbed adapter', () => {
  const names: string[] = [];
  afterEach(() => {
    for (const n of names.splice(0)) removeBackend(n);
  });

  it('ranks a hardware adapter first and a software one below the CPU backend', async () => {
    // stand-ins: nothing here has WebGPU; what matters is the order ready() tries them in
    registerBackend('rank-cpu', () => new CpuBackend(), { priority: 1 });
    registerGpujsBackend({ name: 'rank-hw', probe: async () => probeOf(NVIDIA) });
    registerGpujsBackend({ name: 'rank-sw', probe: async () => probeOf(SWIFTSHADER) });
    names.push('rank-cpu', 'rank-hw', 'rank-sw');
    await ready().catch(() => undefined);
    const order = listBackends()
      .map((b) => b.name)
      .filter((n) => n.startsWith('rank-'));
    expect(order[0]).toBe('rank-hw');
    expect(order.indexOf('rank-cpu')).toBeLessThan(order.indexOf('rank-sw'));
    expect(listBackends().find((b) => b.name === 'rank-hw')!.priority).toBe(WEBGPU_PRIORITY);
    expect(getBackendName()).not.toBe('rank-sw');
  });
});

describe('a webgpu mode asked for by name', () => {
  it('ranks 3 on a hardware adapter and 0.5 on a software one, once ready() has looked', async () => {
    // ready() ranks only while no backend is active: drop the one an earlier test activated
    const active = getBackendName();
    if (active !== undefined) removeBackend(active);
    registerGpujsBackend({ name: 'named-hw', mode: 'webgpu', probe: async () => probeOf(APPLE) });
    registerGpujsBackend({
      name: 'named-sw',
      mode: 'webgpu',
      probe: async () => probeOf(LAVAPIPE),
    });
    try {
      const before = listBackends().filter((b) => b.name.startsWith('named-'));
      expect(before.map((b) => b.priority)).toEqual([0.5, 0.5]);
      await ready().catch(() => undefined);
      const priority = (n: string) => listBackends().find((b) => b.name === n)!.priority;
      expect(priority('named-hw')).toBe(WEBGPU_PRIORITY);
      expect(priority('named-sw')).toBe(0.5);
    } finally {
      removeBackend('named-hw');
      removeBackend('named-sw');
    }
  });
});

describe('in Node without WebGPU', () => {
  it('falls back to headless-gl or webasm, and listBackends() shows why not webgpu', async () => {
    registerGpujsBackend({
      name: 'rank-node',
      probe: async () => ({ reason: 'navigator.gpu is missing' }),
    });
    try {
      const { setBackend } = await import('@glia/core');
      const backend = await setBackend('rank-node');
      expect(backend.describe!()).toMatch(
        /^gpujs \((headlessgl|webasm); not webgpu: navigator\.gpu is missing\)$/,
      );
      const status = listBackends().find((b) => b.name === 'rank-node')!;
      expect(status.description).toMatch(/not webgpu: navigator\.gpu is missing/);
      expect(status.priority).toBe(gpujsPriority());
    } finally {
      removeBackend('rank-node');
    }
  });
});
