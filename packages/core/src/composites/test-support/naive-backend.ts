// A test-only backend with every primitive kernel written as the plainest loop, and no composite
// kernel, so every composite kernel runs through core's compositions. It computes in float64 and
// stores typed arrays; speed does not matter here, obviousness does.
import { type Backend, newDataId } from '../../backend/backend';
import { BOOL_OUTPUT_KERNELS } from '../../kernels/kernel-names';
import type { BackendKernels } from '../../kernels/kernel-table';
import type { DataId, DType, Shape, TensorInfo, TypedArray } from '../../types';
import { allocArray, coerceValue } from '../../util/dtype';
import { broadcastShapes, reducedShape, sizeFromShape, stridesOf } from '../../util/shape';

/** erf to ~1e-12 relative (Numerical Recipes' erfc Chebyshev fit); JavaScript has no Math.erf. */
export function erf64(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  const coefficients = [
    -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
    -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
    -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
    5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
    8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16,
    -2.8e-17,
  ];
  let d = 0;
  let dd = 0;
  for (let j = coefficients.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + coefficients[j]!;
    dd = tmp;
  }
  const erfc = t * Math.exp(-z * z + 0.5 * (coefficients[0]! + ty * d) - dd);
  return x >= 0 ? 1 - erfc : erfc - 1;
}

const unaryFns = {
  neg: (v: number) => -v,
  abs: Math.abs,
  sign: (v: number) => (Number.isNaN(v) ? v : Math.sign(v)),
  square: (v: number) => v * v,
  relu: (v: number) => (Number.isNaN(v) ? v : Math.max(v, 0)),
  floor: Math.floor,
  ceil: Math.ceil,
  round: (v: number) => {
    const r = Math.round(v);
    return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (v: number) => 1 / Math.sqrt(v),
  reciprocal: (v: number) => 1 / v,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (v: number) => 1 / (1 + Math.exp(-v)),
  erf: erf64,
  isNaN: (v: number) => (Number.isNaN(v) ? 1 : 0),
  isFinite: (v: number) => (Number.isFinite(v) ? 1 : 0),
  logicalNot: (v: number) => (v ? 0 : 1),
};

const nanMax = (a: number, b: number): number =>
  Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
const nanMin = (a: number, b: number): number =>
  Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b);
const pythonMod = (a: number, b: number): number => a - Math.floor(a / b) * b;

const binaryFns = {
  add: (a: number, b: number) => a + b,
  sub: (a: number, b: number) => a - b,
  mul: (a: number, b: number) => a * b,
  div: (a: number, b: number) => a / b,
  floorDiv: (a: number, b: number) => Math.floor(a / b),
  mod: pythonMod,
  pow: (a: number, b: number) => a ** b,
  maximum: nanMax,
  minimum: nanMin,
  equal: (a: number, b: number) => (a === b ? 1 : 0),
  notEqual: (a: number, b: number) => (a !== b ? 1 : 0),
  less: (a: number, b: number) => (a < b ? 1 : 0),
  lessEqual: (a: number, b: number) => (a <= b ? 1 : 0),
  greater: (a: number, b: number) => (a > b ? 1 : 0),
  greaterEqual: (a: number, b: number) => (a >= b ? 1 : 0),
  logicalAnd: (a: number, b: number) => (a && b ? 1 : 0),
  logicalOr: (a: number, b: number) => (a || b ? 1 : 0),
};

const boolOutputs = new Set<string>(BOOL_OUTPUT_KERNELS);

/** Flat offset into a tensor of `shape` for the output coordinate `coords`, broadcasting size-1 dims. */
function broadcastOffset(coords: number[], shape: Shape): number {
  const strides = stridesOf(shape);
  const shift = coords.length - shape.length;
  let offset = 0;
  for (let i = 0; i < shape.length; i++)
    offset += (shape[i] === 1 ? 0 : coords[i + shift]!) * strides[i]!;
  return offset;
}

function coordsOf(index: number, shape: Shape): number[] {
  const coords = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    coords[i] = index % shape[i]!;
    index = Math.floor(index / shape[i]!);
  }
  return coords;
}

function offsetOf(coords: number[], shape: Shape): number {
  const strides = stridesOf(shape);
  return coords.reduce((acc, c, i) => acc + c * strides[i]!, 0);
}

/** `{k: make(k, v)}` for each entry, keeping the keys in the type. */
function mapValues<K extends string, V, R>(
  record: Record<K, V>,
  make: (key: K, value: V) => R,
): Record<K, R> {
  const mapped: Partial<Record<K, R>> = {};
  for (const key of Object.keys(record) as K[]) mapped[key] = make(key, record[key]);
  return mapped as Record<K, R>;
}

/** Creates a naive backend; each instance has its own storage. */
export function createNaiveBackend(name = 'naive-primitives'): Backend {
  const store = new Map<DataId, TypedArray>();
  const values = (t: TensorInfo): TypedArray => store.get(t.dataId)!;
  const out = (data: ArrayLike<number>, shape: Shape, dtype: DType): TensorInfo => {
    const stored = allocArray(dtype, data.length);
    for (let i = 0; i < data.length; i++) stored[i] = coerceValue(data[i]!, dtype);
    const dataId = newDataId();
    store.set(dataId, stored);
    return { dataId, shape: [...shape], dtype };
  };
  /** Builds an output of `shape` whose element at each coordinate is `at(coords)`. */
  const generate = (shape: Shape, dtype: DType, at: (coords: number[]) => number): TensorInfo => {
    const data = new Array<number>(sizeFromShape(shape));
    for (let i = 0; i < data.length; i++) data[i] = at(coordsOf(i, shape));
    return out(data, shape, dtype);
  };

  const unary =
    (fn: (v: number) => number, bool: boolean) =>
    ({ x }: { x: TensorInfo }) =>
      out(Array.from(values(x), fn), x.shape, bool ? 'bool' : x.dtype);
  const binary =
    (fn: (a: number, b: number) => number, bool: boolean) =>
    ({ a, b }: { a: TensorInfo; b: TensorInfo }) => {
      const shape = broadcastShapes('naive', a.shape, b.shape);
      const [va, vb] = [values(a), values(b)];
      return generate(shape, bool ? 'bool' : a.dtype, (c) =>
        fn(va[broadcastOffset(c, a.shape)]!, vb[broadcastOffset(c, b.shape)]!),
      );
    };
  const reduce =
    (init: number, fn: (acc: number, v: number) => number, boolOut = false) =>
    ({ x }: { x: TensorInfo }, { axes }: { axes: number[] }) => {
      const shape = reducedShape(x.shape, axes, false);
      const keptShape = reducedShape(x.shape, axes, true);
      const acc = new Array<number>(sizeFromShape(shape)).fill(init);
      const vx = values(x);
      for (let i = 0; i < vx.length; i++) {
        const c = coordsOf(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
        const o = offsetOf(c, keptShape);
        acc[o] = fn(acc[o]!, vx[i]!);
      }
      return out(acc, shape, boolOut ? 'bool' : x.dtype);
    };
  const argReduce =
    (better: (v: number, best: number) => boolean) =>
    ({ x }: { x: TensorInfo }, { axis }: { axis: number }) => {
      const shape = x.shape.filter((_, d) => d !== axis);
      const vx = values(x);
      return generate(shape, 'int32', (c) => {
        let best = 0;
        for (let k = 0; k < x.shape[axis]!; k++) {
          const v = vx[offsetOf([...c.slice(0, axis), k, ...c.slice(axis)], x.shape)]!;
          const bestValue = vx[offsetOf([...c.slice(0, axis), best, ...c.slice(axis)], x.shape)]!;
          if (better(v, bestValue)) best = k;
        }
        return best;
      });
    };

  const kernels: BackendKernels = {
    ...mapValues(unaryFns, (k, fn) => unary(fn, boolOutputs.has(k))),
    ...mapValues(binaryFns, (k, fn) => binary(fn, boolOutputs.has(k))),
    where: ({ condition, a, b }) => {
      const shape = broadcastShapes(
        'naive',
        condition.shape,
        broadcastShapes('naive', a.shape, b.shape),
      );
      const [vc, va, vb] = [values(condition), values(a), values(b)];
      return generate(shape, a.dtype, (c) =>
        vc[broadcastOffset(c, condition.shape)]
          ? va[broadcastOffset(c, a.shape)]!
          : vb[broadcastOffset(c, b.shape)]!,
      );
    },
    cast: ({ x }, { dtype }) => out(values(x), x.shape, dtype),
    sum: reduce(0, (acc, v) => acc + v),
    prod: reduce(1, (acc, v) => acc * v),
    max: reduce(Number.NEGATIVE_INFINITY, nanMax),
    min: reduce(Number.POSITIVE_INFINITY, nanMin),
    all: reduce(1, (acc, v) => (acc && v ? 1 : 0), true),
    any: reduce(0, (acc, v) => (acc || v ? 1 : 0), true),
    argMax: argReduce((v, best) => v > best || (Number.isNaN(v) && !Number.isNaN(best))),
    argMin: argReduce((v, best) => v < best || (Number.isNaN(v) && !Number.isNaN(best))),
    transpose: ({ x }, { perm }) => {
      const vx = values(x);
      const shape = perm.map((p) => x.shape[p]!);
      return generate(
        shape,
        x.dtype,
        (c) =>
          vx[
            offsetOf(
              x.shape.map((_, d) => c[perm.indexOf(d)]!),
              x.shape,
            )
          ]!,
      );
    },
    slice: ({ x }, { begin, size }) => {
      const vx = values(x);
      return generate(
        size,
        x.dtype,
        (c) =>
          vx[
            offsetOf(
              c.map((v, d) => v + begin[d]!),
              x.shape,
            )
          ]!,
      );
    },
    concat: ({ tensors }, { axis }) => {
      const shape = [...tensors[0]!.shape];
      shape[axis] = tensors.reduce((acc, t) => acc + t.shape[axis]!, 0);
      return generate(shape, tensors[0]!.dtype, (c) => {
        let k = c[axis]!;
        for (const t of tensors) {
          if (k < t.shape[axis]!)
            return values(t)[
              offsetOf(
                c.map((v, d) => (d === axis ? k : v)),
                t.shape,
              )
            ]!;
          k -= t.shape[axis]!;
        }
        throw new Error('naive concat: coordinate out of range');
      });
    },
    pad: ({ x }, { paddings, constantValue }) => {
      const vx = values(x);
      const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
      return generate(shape, x.dtype, (c) => {
        const inner = c.map((v, d) => v - paddings[d]![0]);
        return inner.every((v, d) => v >= 0 && v < x.shape[d]!)
          ? vx[offsetOf(inner, x.shape)]!
          : constantValue;
      });
    },
    gather: ({ x, indices }, { axis }) => {
      const [vx, vi] = [values(x), values(indices)];
      const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
      return generate(shape, x.dtype, (c) => {
        const index = vi[offsetOf(c.slice(axis, axis + indices.shape.length), indices.shape)]!;
        return vx[
          offsetOf([...c.slice(0, axis), index, ...c.slice(axis + indices.shape.length)], x.shape)
        ]!;
      });
    },
    unsortedSegmentSum: ({ x, segmentIds }, { numSegments, axis }) => {
      const [vx, ids] = [values(x), values(segmentIds)];
      const shape = x.shape.map((d, i) => (i === axis ? numSegments : d));
      const acc = new Array<number>(sizeFromShape(shape)).fill(0);
      for (let i = 0; i < vx.length; i++) {
        const c = coordsOf(i, x.shape);
        const id = ids[c[axis]!]!;
        if (id < 0 || id >= numSegments) continue;
        c[axis] = id;
        acc[offsetOf(c, shape)]! += vx[i]!;
      }
      return out(acc, shape, x.dtype);
    },
    tile: ({ x }, { reps }) => {
      const vx = values(x);
      return generate(
        x.shape.map((d, i) => d * reps[i]!),
        x.dtype,
        (c) =>
          vx[
            offsetOf(
              c.map((v, d) => v % x.shape[d]!),
              x.shape,
            )
          ]!,
      );
    },
    reverse: ({ x }, { axes }) => {
      const vx = values(x);
      return generate(
        x.shape,
        x.dtype,
        (c) =>
          vx[
            offsetOf(
              c.map((v, d) => (axes.includes(d) ? x.shape[d]! - 1 - v : v)),
              x.shape,
            )
          ]!,
      );
    },
    batchMatMul: ({ a, b }, { transposeA, transposeB }) => {
      const [va, vb] = [values(a), values(b)];
      const [batch, m, k] = transposeA ? [a.shape[0]!, a.shape[2]!, a.shape[1]!] : [...a.shape];
      const n = transposeB ? b.shape[1]! : b.shape[2]!;
      const atA = (s: number, i: number, j: number): number =>
        va[offsetOf(transposeA ? [s, j, i] : [s, i, j], a.shape)]!;
      const atB = (s: number, i: number, j: number): number =>
        vb[offsetOf(transposeB ? [s, j, i] : [s, i, j], b.shape)]!;
      return generate([batch!, m!, n], a.dtype, ([s, i, j]) => {
        let acc = 0;
        for (let p = 0; p < k!; p++) acc += atA(s!, i!, p) * atB(s!, p, j!);
        return acc;
      });
    },
  };

  return {
    name,
    write: (data, _shape, _dtype) => {
      const dataId = newDataId();
      store.set(dataId, data.slice());
      return dataId;
    },
    read: async (dataId) => store.get(dataId)!,
    readSync: (dataId) => store.get(dataId)!,
    disposeData: (dataId) => {
      store.delete(dataId);
    },
    memory: () => ({
      numDataBuffers: store.size,
      numBytes: [...store.values()].reduce((acc, v) => acc + v.byteLength, 0),
    }),
    kernels,
    dispose: () => store.clear(),
  };
}
