// The acceleration layer reaches the wasm export each override declares, for every form, and leaves
// the rest to the reference: small inputs, int32 inputs, broadcasts without a wasm form. (Whether
// the two layers agree bit for bit is simd-parity.test.ts's concern, and the conformance kit runs
// both.)
import type { DType, TensorInfo } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import type { Job } from '../wasm/thread-pool';
import { BINARY_OVERRIDES } from './binary';
import { ACTIVATION_GRADIENT_OVERRIDES, UNARY_OVERRIDES } from './elementwise';

const backend = new CpuBackend({ threads: 1 });
const launched: string[] = [];
const runtime = (backend as unknown as { wasm: { run(jobs: Job[]): void } }).wasm;
const run = runtime.run.bind(runtime);
runtime.run = (jobs) => {
  for (const j of jobs) launched.push(j.fn);
  run(jobs);
};

function input(shape: number[], dtype: DType = 'float32'): TensorInfo {
  const size = shape.reduce((a, b) => a * b, 1);
  const values =
    dtype === 'float32'
      ? Float32Array.from({ length: size }, (_, i) => (i % 7) - 3)
      : dtype === 'int32'
        ? Int32Array.from({ length: size }, (_, i) => (i % 7) - 3)
        : Uint8Array.from({ length: size }, (_, i) => i % 2);
  return { dataId: backend.write(values, shape, dtype), shape, dtype };
}

/** The exports `call` launched. */
function exportsOf(call: () => unknown): string[] {
  launched.length = 0;
  call();
  return [...new Set(launched)];
}

const k = backend.kernels;

describe('the acceleration layer', () => {
  it('runs every unary override as its declared export, above the threshold only', () => {
    for (const [name, { export: fn }] of Object.entries(UNARY_OVERRIDES)) {
      const kernel = k[name as keyof typeof UNARY_OVERRIDES];
      expect(exportsOf(() => kernel({ x: input([300]) }, {}))).toEqual([fn]);
      expect(exportsOf(() => kernel({ x: input([63]) }, {}))).toEqual([]);
    }
    expect(exportsOf(() => k.neg({ x: input([300], 'int32') }, {}))).toEqual([]);
  });

  it('runs the activation gradients as their declared exports', () => {
    const [dy, other] = [input([300]), input([300])];
    for (const [name, { export: fn }] of Object.entries(ACTIVATION_GRADIENT_OVERRIDES))
      expect(
        exportsOf(() =>
          name === 'reluGrad'
            ? k.reluGrad({ dy, x: other }, {})
            : k[name as 'sigmoidGrad' | 'tanhGrad']({ dy, y: other }, {}),
        ),
      ).toEqual([fn]);
  });

  it('picks the binary form from the shapes, and the reference for other broadcasts', () => {
    const [vector, scalar, row, matrix] = [input([300]), input([]), input([6]), input([50, 6])];
    for (const [name, forms] of Object.entries(BINARY_OVERRIDES)) {
      const kernel = k[name as keyof typeof BINARY_OVERRIDES];
      expect(exportsOf(() => kernel({ a: vector, b: vector }, {}))).toEqual([forms.same]);
      expect(exportsOf(() => kernel({ a: vector, b: scalar }, {}))).toEqual([forms.scalarRight]);
      const left = forms.scalarLeft;
      expect(exportsOf(() => kernel({ a: scalar, b: vector }, {}))).toEqual([
        'swapped' in left ? left.swapped : left.export,
      ]);
      const rowRight = 'rowRight' in forms ? [forms.rowRight] : [];
      expect(exportsOf(() => kernel({ a: matrix, b: row }, {}))).toEqual(rowRight);
      const rowLeft = 'rowLeft' in forms ? [forms.rowLeft] : [];
      expect(exportsOf(() => kernel({ a: row, b: matrix }, {}))).toEqual(rowLeft);
      // A column against a matrix, and int32 operands: the reference.
      expect(exportsOf(() => kernel({ a: matrix, b: input([50, 1]) }, {}))).toEqual([]);
      const ints = input([300], 'int32');
      expect(exportsOf(() => kernel({ a: ints, b: ints }, {}))).toEqual([]);
    }
  });

  it('runs bool-to-float casts, leading-axis sums and means, Adam and the fused bias pass in wasm', () => {
    expect(exportsOf(() => k.cast({ x: input([300], 'bool') }, { dtype: 'float32' }))).toEqual([
      'boolToFloat',
    ]);
    expect(exportsOf(() => k.cast({ x: input([300]) }, { dtype: 'int32' }))).toEqual([]);
    expect(exportsOf(() => k.sum({ x: input([50, 6]) }, { axes: [0] }))).toEqual(['sumRows']);
    expect(exportsOf(() => k.mean({ x: input([50, 6]) }, { axes: [0] }))).toEqual(['sumRows']);
    expect(exportsOf(() => k.sum({ x: input([50, 6]) }, { axes: [1] }))).toEqual([]);
    const [param, grad, m, v] = [input([300]), input([300]), input([300]), input([300])];
    const attrs = { alpha: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    expect(exportsOf(() => k.adamUpdate({ param, grad, m, v }, attrs))).toEqual(['adamUpdate']);
    const fused = exportsOf(() =>
      k.fusedMatMul(
        { a: input([50, 6]), b: input([6, 8]), bias: input([8]) },
        { transposeA: false, transposeB: false, activation: 'relu' },
      ),
    );
    expect(fused).toContain('biasActivation');
  });
});
