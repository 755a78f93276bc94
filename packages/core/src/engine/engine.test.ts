import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listBackends, registerBackend, removeBackend, setBackend } from '../backend/registry';
import { BackendError, DisposedError, GliaError } from '../errors';
import '../composites/index';
import { add, mul } from '../ops/binary';
import { reshape } from '../ops/reshape';
import { neg } from '../ops/unary';
import { tensor } from '../tensor/create';
import type { Tensor } from '../tensor/tensor';
import { HostBackend } from '../test-support/host-backend';
import {
  addKernelHook,
  dispose,
  getFallbackCounts,
  keep,
  memory,
  resetFallbackCounts,
  tidy,
} from './engine';
import { profile } from './profile';

describe('engine: memory, tidy, keep, dispose', () => {
  beforeEach(async () => {
    registerBackend('host', () => new HostBackend('host', ['add', 'mul', 'neg', 'cast']));
    await setBackend('host');
  });
  afterEach(() => {
    for (const b of listBackends()) removeBackend(b.name);
    vi.restoreAllMocks();
  });

  it('counts tensors, buffers and bytes, and dispose frees them', () => {
    const before = memory();
    const a = tensor([1, 2, 3]);
    const b = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      undefined,
      'int32',
    );
    const after = memory();
    expect(after.numTensors - before.numTensors).toBe(2);
    expect(after.numBytes - before.numBytes).toBe(3 * 4 + 4 * 4);
    expect(after.backends.host).toEqual({ numBytes: 28, numDataBuffers: 2 });
    a.dispose();
    a.dispose(); // twice is harmless
    b.dispose();
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numBytes).toBe(before.numBytes);
  });

  it('reshape shares the buffer; the bytes are freed when the last sharer goes', () => {
    const a = tensor([1, 2, 3, 4]);
    const r = reshape(a, [2, 2]);
    expect(memory()).toMatchObject({ numTensors: 2, numDataBuffers: 1, numBytes: 16 });
    a.dispose();
    expect(r.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    r.dispose();
    expect(memory()).toMatchObject({ numTensors: 0, numDataBuffers: 0, numBytes: 0 });
  });

  it('tidy frees intermediates, keeps what it returns (nested in arrays and objects) and what keep() marks', () => {
    const x = tensor([1, 2]);
    let kept: Tensor | undefined;
    const out = tidy(() => {
      const y = add(x, 1);
      const z = mul(y, 2);
      kept = keep(neg(z));
      return { z, list: [y] };
    });
    expect(out.z.dataSync()).toEqual(new Float32Array([4, 6]));
    expect(out.list[0]!.dataSync()).toEqual(new Float32Array([2, 3]));
    expect(kept!.dataSync()).toEqual(new Float32Array([-4, -6]));
    expect(memory().numTensors).toBe(4); // x, z, y, kept
    dispose([x, out, kept]);
    expect(memory().numTensors).toBe(0);
  });

  it('nested tidy hands results to the outer scope, which then frees them', () => {
    const x = tensor([1]);
    tidy(() => {
      const inner = tidy(() => add(x, 1));
      expect(inner.isDisposed).toBe(false);
      return undefined;
    });
    expect(memory().numTensors).toBe(1);
    x.dispose();
  });

  it('tidy frees everything when the function throws, and rejects async functions', () => {
    const x = tensor([1]);
    expect(() =>
      tidy(() => {
        add(x, 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(memory().numTensors).toBe(1);
    expect(() => tidy((async () => add(x, 1)) as never)).toThrow(GliaError);
    expect(() => tidy((async () => add(x, 1)) as never)).toThrow(/returned a Promise/);
    x.dispose();
  });

  it('ops free their temporaries: each adds exactly its output', () => {
    const x = tensor([1, 2], undefined, 'int32');
    const before = memory().numTensors;
    const y = add(x, 2.5); // the 2.5 becomes a temporary int32 scalar
    expect(memory().numTensors).toBe(before + 1);
    expect(y.dtype).toBe('int32');
    dispose([x, y]);
  });

  it('using a disposed tensor names the op and the tensor', () => {
    const x = tensor([1, 2]);
    x.dispose();
    expect(() => add(x, 1)).toThrow(DisposedError);
    expect(() => add(x, 1)).toThrow(/add: tensor \d+ \(shape \[2\], float32\) was disposed/);
    expect(() => x.dataSync()).toThrow(/dataSync: .* was disposed/);
    expect(memory().numTensors).toBe(0);
  });

  it('Symbol.dispose frees a tensor at the end of its block', () => {
    {
      const t = tensor([1]);
      t[Symbol.dispose]();
    }
    expect(memory().numTensors).toBe(0);
  });

  it('the kernel hook sees each top-level kernel with inputs, attrs and outputs', () => {
    const seen: string[] = [];
    const remove = addKernelHook((e) =>
      seen.push(`${e.kernelName}:${e.outputs.map((o) => o.shape.join('x')).join(',')}`),
    );
    const x = tensor([1, 2]);
    const y = tidy(() => neg(add(x, x)));
    remove();
    neg(y).dispose();
    expect(seen).toEqual(['add:2', 'neg:2']);
    dispose([x, y]);
  });

  it('profile() reports count and time per kernel and the tensors left behind', async () => {
    const x = tensor([1, 2]);
    const info = await profile(() => tidy(() => add(mul(x, x), x)));
    expect(info.kernels.map((k) => [k.kernelName, k.count]).sort()).toEqual([
      ['add', 1],
      ['mul', 1],
    ]);
    expect(info.kernels.every((k) => k.totalMs >= 0)).toBe(true);
    expect(info.newTensors).toBe(1);
    dispose([x, info.result]);
  });
});

describe('engine: CPU fallback and moving data between backends', () => {
  afterEach(() => {
    for (const b of listBackends()) removeBackend(b.name);
    resetFallbackCounts();
    vi.restoreAllMocks();
  });

  it('runs a kernel the active backend lacks on the cpu backend, warns once, and counts', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerBackend('cpu', () => new HostBackend('cpu', ['add', 'mul', 'neg', 'cast']));
    registerBackend('partial', () => new HostBackend('partial', ['add', 'cast']), { priority: 5 });
    await setBackend('partial');
    const x = tensor([1, 2, 3]);
    const y = mul(x, x);
    const z = mul(y, 2);
    expect(z.dataSync()).toEqual(new Float32Array([2, 8, 18]));
    expect(getFallbackCounts()).toEqual({ mul: 2 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /kernel 'mul' is missing from backend 'partial'; running it on 'cpu'/,
    );
    expect(memory().backends).toEqual({ partial: { numBytes: 36, numDataBuffers: 3 } }); // nothing left on cpu
    dispose([x, y, z]);
  });

  it('a kernel missing everywhere is a clear BackendError', async () => {
    registerBackend('bare', () => new HostBackend('bare', ['cast']));
    await setBackend('bare');
    const x = tensor([1]);
    expect(() => neg(x)).toThrow(BackendError);
    expect(() => neg(x)).toThrow(
      /neg: backend 'bare' does not implement this kernel, core has no composition of it, and no 'cpu' backend/,
    );
    expect(memory().numTensors).toBe(1);
    x.dispose();
  });

  it('moves inputs created on another backend to the active one', async () => {
    registerBackend('one', () => new HostBackend('one'));
    registerBackend('two', () => new HostBackend('two'));
    await setBackend('one');
    const x = tensor([1, 2]);
    const shared = reshape(x, [2, 1]);
    await setBackend('two');
    const y = add(x, 1);
    expect(y.dataSync()).toEqual(new Float32Array([2, 3]));
    expect(memory().backends).toEqual({ two: { numBytes: 16, numDataBuffers: 2 } });
    expect(shared.dataSync()).toEqual(new Float32Array([1, 2])); // the sharer followed the move
    dispose([x, y, shared]);
  });
});
