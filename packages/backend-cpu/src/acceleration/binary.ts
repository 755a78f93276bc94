import { broadcastShapes, type Shape, sizeFromShape, type TensorInfo } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { type ExportsOf, job } from '../wasm/job';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import type { Job } from '../wasm/thread-pool';
import { accelerate, type Launch } from './launcher';

/*
 * The float32 binary kernels in wasm, for the broadcasts training uses: the same shape, a scalar on
 * either side, a row vector (a bias) against the trailing dimensions. Other broadcasts run the
 * reference. Results are the reference's bit for bit: f32 arithmetic rounds as Math.fround of the
 * float64 result does for + - * /, and comparisons are exact.
 */

type I = number;
/** out[i] = a[i] op b[i]. */
type Same = ExportsOf<(out: I, a: I, b: I, n: I) => void>;
/** out[i] = a[i] op s. */
type ScalarRight = ExportsOf<(out: I, a: I, s: number, n: I) => void>;
/** out[i] = s op b[i]. */
type ScalarLeft = ExportsOf<(out: I, s: number, b: I, n: I) => void>;
/** out[r, j] = a[r, j] op row[j]. */
type Rows = ExportsOf<(out: I, a: I, row: I, rows: I, width: I) => void>;

/** The wasm forms of one binary kernel. */
interface BinaryOverride {
  same: Same;
  scalarRight: ScalarRight;
  /** `s op b[i]`: a ScalarLeft export, or for comparisons the ScalarRight export of the swapped one. */
  scalarLeft: { export: ScalarLeft } | { swapped: ScalarRight };
  /** `a op row`, the row vector on the right. */
  rowRight?: Rows;
  /** `row op b` of a commutative op, run as `b op row`. */
  rowLeft?: Rows;
  /** Comparisons write one byte per element. */
  output?: 'bool';
}

/**
 * An arithmetic kernel's forms; a commutative one also runs a row vector on the left, as `b op row`.
 */
function arithmetic<S extends Same, R extends ScalarRight, L extends ScalarLeft, W extends Rows>(
  same: S,
  scalarRight: R,
  scalarLeft: L,
  rows: W,
  commutative?: 'commutative',
) {
  const forms = { same, scalarRight, scalarLeft: { export: scalarLeft }, rowRight: rows } as const;
  return commutative === undefined ? forms : { ...forms, rowLeft: rows };
}

/**
 * A comparison's forms: `same` and `scalarRight` as exported; a scalar on the left runs `swapped`,
 * the comparison with its operands exchanged (s < b[i] is b[i] > s).
 */
function comparison<S extends Same, R extends ScalarRight, W extends ScalarRight>(
  same: S,
  scalarRight: R,
  swapped: W,
) {
  return { same, scalarRight, scalarLeft: { swapped }, output: 'bool' } as const;
}

/** The binary kernels kernels.wat has loops for. */
export const BINARY_OVERRIDES = {
  add: arithmetic('addVV', 'addVS', 'addSV', 'addVR', 'commutative'),
  sub: arithmetic('subVV', 'subVS', 'subSV', 'subVR'),
  mul: arithmetic('mulVV', 'mulVS', 'mulSV', 'mulVR', 'commutative'),
  div: arithmetic('divVV', 'divVS', 'divSV', 'divVR'),
  greater: comparison('greaterVV', 'greaterVS', 'lessVS'),
  greaterEqual: comparison('greaterEqualVV', 'greaterEqualVS', 'lessEqualVS'),
  less: comparison('lessVV', 'lessVS', 'greaterVS'),
  lessEqual: comparison('lessEqualVV', 'lessEqualVS', 'greaterEqualVS'),
  equal: comparison('equalVV', 'equalVS', 'equalVS'),
} as const satisfies Record<string, BinaryOverride>;

export type AcceleratedBinaryKernelName = keyof typeof BINARY_OVERRIDES;

/** Whether `inner`, leading 1s dropped, is a suffix of `outer`. */
function isTrailing(inner: Shape, outer: Shape): boolean {
  let start = 0;
  while (start < inner.length && inner[start] === 1) start++;
  const rest = inner.length - start;
  if (rest > outer.length) return false;
  for (let d = 0; d < rest; d++)
    if (inner[start + d] !== outer[outer.length - rest + d]) return false;
  return true;
}

/** The launch of `kernel` on a and b, or null for a broadcast without a wasm form. */
function binaryLaunch(
  storage: CpuStorage,
  kernel: AcceleratedBinaryKernelName,
  { a, b }: { a: TensorInfo; b: TensorInfo },
): Launch | null {
  const forms: BinaryOverride = BINARY_OVERRIDES[kernel];
  const shape = broadcastShapes(kernel, a.shape, b.shape);
  const size = sizeFromShape(shape);
  const aSize = sizeFromShape(a.shape);
  const bSize = sizeFromShape(b.shape);
  const o = forms.output === 'bool' ? 1 : 4; // output bytes per element
  // Over the named operands, in the export's order; split by rows of `width` (1: by elements).
  const launch = (
    names: ('a' | 'b')[],
    width: number,
    slice: (out: number, pointers: number[], s: number, e: number) => Job,
  ): Launch => ({
    kernel,
    inputs: names.map((name) => ({ name, info: name === 'a' ? a : b })),
    outputs: [{ shape, dtype: forms.output ?? 'float32' }],
    elements: size,
    split: {
      total: size / width,
      minimum: PARALLEL_MIN_ELEMENTS / width,
      align: width === 1 ? 16 : 1,
    },
    job: ({ inputs: pointers, outputs: [out] }, s, e) => slice(out!, pointers, s, e),
  });
  const rows = (names: ('a' | 'b')[], width: number, fn: Rows): Launch =>
    launch(names, width, (out, [x, y], s, e) =>
      job(fn, out + 4 * s * width, x! + 4 * s * width, y!, e - s, width),
    );

  if (aSize === size && bSize === size)
    return launch(['a', 'b'], 1, (out, [x, y], s, e) =>
      job(forms.same, out + o * s, x! + 4 * s, y! + 4 * s, e - s),
    );
  if (aSize === size && bSize === 1) {
    if (b.dtype !== 'float32') return null;
    const v = storage.values(b)[0]!;
    return launch(['a'], 1, (out, [x], s, e) =>
      job(forms.scalarRight, out + o * s, x! + 4 * s, v, e - s),
    );
  }
  if (bSize === size && aSize === 1) {
    if (a.dtype !== 'float32') return null;
    const v = storage.values(a)[0]!;
    const left = forms.scalarLeft;
    return launch(['b'], 1, (out, [y], s, e) =>
      'swapped' in left
        ? job(left.swapped, out + o * s, y! + 4 * s, v, e - s)
        : job(left.export, out + o * s, v, y! + 4 * s, e - s),
    );
  }
  if (forms.rowRight !== undefined && aSize === size && isTrailing(b.shape, shape))
    return rows(['a', 'b'], bSize, forms.rowRight);
  if (forms.rowLeft !== undefined && bSize === size && isTrailing(a.shape, shape))
    return rows(['b', 'a'], aSize, forms.rowLeft);
  return null;
}

/** The binary kernels of `reference` that kernels.wat has loops for, accelerated. */
export function acceleratedBinaryKernels(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: KernelFamily<AcceleratedBinaryKernelName>,
): KernelFamily<AcceleratedBinaryKernelName> {
  const kernel = (name: AcceleratedBinaryKernelName) =>
    accelerate(runtime, storage, reference[name], (inputs: { a: TensorInfo; b: TensorInfo }) =>
      binaryLaunch(storage, name, inputs),
    );
  return {
    add: kernel('add'),
    sub: kernel('sub'),
    mul: kernel('mul'),
    div: kernel('div'),
    greater: kernel('greater'),
    greaterEqual: kernel('greaterEqual'),
    less: kernel('less'),
    lessEqual: kernel('lessEqual'),
    equal: kernel('equal'),
  };
}
