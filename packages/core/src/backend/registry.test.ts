import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendError } from '../errors';
import { HostBackend } from '../test-support/host-backend';
import {
  getBackend,
  listBackends,
  ready,
  registerBackend,
  removeBackend,
  setBackend,
} from './registry';

function clearRegistry(): void {
  for (const b of listBackends()) removeBackend(b.name);
}

describe('backend registry', () => {
  afterEach(() => {
    clearRegistry();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('ready() picks the highest priority backend that starts', async () => {
    registerBackend('low', () => new HostBackend('low'), { priority: 1 });
    registerBackend('high', () => new HostBackend('high'), { priority: 5 });
    registerBackend('mid', async () => new HostBackend('mid'), { priority: 3 });
    const b = await ready();
    expect(b.name).toBe('high');
    expect(listBackends().map((s) => s.name)).toEqual(['high', 'mid', 'low']);
    expect(listBackends().find((s) => s.active)?.name).toBe('high');
  });

  it('ready() awaits an async rank before ordering; a failed rank keeps the static priority', async () => {
    registerBackend('cpu-like', () => new HostBackend('cpu-like'), { priority: 1 });
    registerBackend('gpu', () => new HostBackend('gpu'), {
      priority: 0.5,
      rank: async () => 3,
    });
    registerBackend('broken-rank', () => new HostBackend('broken-rank'), {
      priority: 0.25,
      rank: () => Promise.reject(new Error('no adapter')),
    });
    expect(listBackends().map((s) => s.name)).toEqual(['cpu-like', 'gpu', 'broken-rank']);
    const b = await ready();
    expect(b.name).toBe('gpu');
    expect(listBackends().map((s) => [s.name, s.priority])).toEqual([
      ['gpu', 3],
      ['cpu-like', 1],
      ['broken-rank', 0.25],
    ]);
  });

  it('ready() skips a factory that throws and an init that rejects, keeping and showing the reasons', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerBackend(
      'broken',
      () => {
        throw new Error('no GPU here');
      },
      { priority: 10 },
    );
    registerBackend(
      'rejects',
      async () => {
        throw new Error('context lost');
      },
      { priority: 9 },
    );
    registerBackend('fine', () => new HostBackend('fine'), { priority: 1 });
    expect((await ready()).name).toBe('fine');
    const status = Object.fromEntries(listBackends().map((s) => [s.name, s]));
    expect(status.broken?.failure).toBe('no GPU here');
    expect(status.rejects?.failure).toBe('context lost');
    expect(status.fine?.failure).toBeUndefined();
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      'glia: skipping backend broken: no GPU here',
      'glia: skipping backend rejects: context lost',
    ]);
  });

  it('ready() fails with every reason when nothing starts', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerBackend('a', () => {
      throw new Error('reason A');
    });
    await expect(ready()).rejects.toThrow(/no backend could be initialised: a: reason A/);
  });

  it('a factory returning a non-backend is a failure with a clear reason', async () => {
    registerBackend('bogus', () => ({}) as never);
    await expect(setBackend('bogus')).rejects.toThrow(
      /backend 'bogus'.*expected an object implementing Backend/,
    );
  });

  it('an unknown name is an error that lists the registered ones', async () => {
    registerBackend('cpu-ish', () => new HostBackend('cpu-ish'));
    registerBackend('gpu-ish', () => new HostBackend('gpu-ish'));
    await expect(setBackend('webgl')).rejects.toThrow(BackendError);
    await expect(setBackend('webgl')).rejects.toThrow(
      "unknown backend 'webgl': expected one of cpu-ish, gpu-ish",
    );
    expect(() => removeBackend('webgl')).toThrow(/unknown backend 'webgl': expected one of/);
  });

  it('GLIA_BACKEND overrides the priorities, and an unknown value is an error', async () => {
    registerBackend('first', () => new HostBackend('first'), { priority: 2 });
    registerBackend('second', () => new HostBackend('second'), { priority: 1 });
    vi.stubEnv('GLIA_BACKEND', 'second');
    expect((await ready()).name).toBe('second');
    clearRegistry();
    registerBackend('only', () => new HostBackend('only'));
    vi.stubEnv('GLIA_BACKEND', 'nope');
    await expect(ready()).rejects.toThrow("unknown backend 'nope': expected one of only");
  });

  it('getBackend() starts a synchronous backend on first use and honours GLIA_BACKEND', () => {
    registerBackend('async-high', async () => new HostBackend('async-high'), { priority: 9 });
    registerBackend('sync-low', () => new HostBackend('sync-low'), { priority: 1 });
    expect(getBackend().name).toBe('sync-low');
    clearRegistry();
    registerBackend('p', () => new HostBackend('p'), { priority: 2 });
    registerBackend('q', () => new HostBackend('q'), { priority: 1 });
    vi.stubEnv('GLIA_BACKEND', 'q');
    expect(getBackend().name).toBe('q');
  });

  it('registering a taken name keeps the first; removeBackend disposes the instance and deactivates it', async () => {
    const first = new HostBackend('x');
    expect(registerBackend('x', () => first)).toBe(true);
    expect(registerBackend('x', () => new HostBackend('x2'))).toBe(false);
    expect(await setBackend('x')).toBe(first);
    removeBackend('x');
    expect(first.disposed).toBe(true);
    expect(listBackends()).toEqual([]);
    expect(() => getBackend()).toThrow(/no backend is registered/);
  });

  it('setBackend switches between initialised backends', async () => {
    registerBackend('one', () => new HostBackend('one'), { priority: 2 });
    registerBackend('two', () => new HostBackend('two'), { priority: 1 });
    expect((await ready()).name).toBe('one');
    expect((await setBackend('two')).name).toBe('two');
    expect(getBackend().name).toBe('two');
    expect(
      listBackends()
        .filter((s) => s.initialized)
        .map((s) => s.name),
    ).toEqual(['one', 'two']);
  });
});
