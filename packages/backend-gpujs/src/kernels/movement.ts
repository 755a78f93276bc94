import {
  BackendError,
  fmtShape,
  identitySharingStorage,
  reshapeSharingStorage,
  sizeFromShape,
  splitSlices,
  stridesOf,
  type TensorInfo,
  type TypedArray,
  ValueError,
} from '@glia/core';
import { coordinates, coordNames, flatIndex, int, kernelSource, lit, NAN } from '../program';
import type { KernelContext, KernelFamily } from './context';
import { mapInputs } from './elementwise';

type MovementName =
  | 'transpose'
  | 'slice'
  | 'concat'
  | 'split'
  | 'pad'
  | 'gather'
  | 'unsortedSegmentSum'
  | 'tile'
  | 'reverse'
  | 'reshape'
  | 'identity'
  | 'broadcastTo'
  | 'oneHot';

/** gpu.js binds each input to a texture unit; WebGL guarantees 8 per shader. */
const MAX_CONCAT_INPUTS = 7;

/** A kernel reading its one input at a flat index computed from the output coordinates `o0..`. */
function remap(
  ctx: KernelContext,
  x: TensorInfo,
  outShape: number[],
  indexOf: (coords: string[]) => string,
  guard = '',
): TensorInfo {
  const body = `${coordinates('o', 'i', outShape)}\n${guard}\nreturn a0[${indexOf(coordNames('o', outShape.length))}];`;
  return ctx.run(kernelSource(1, body), outShape, x.dtype, [x]);
}

function stridedIndex(shape: readonly number[], coords: readonly string[]): string {
  const strides = stridesOf([...shape]);
  const terms = coords
    .map((c, d) =>
      shape[d] === 1 ? '' : strides[d] === 1 ? `(${c})` : `(${c}) * ${int(strides[d]!)}`,
    )
    .filter((t) => t !== '');
  return terms.length === 0 ? '0' : terms.join(' + ');
}

/**
 * Checks the int32 `indices` on the host: their host copy when they were written from the host (as
 * fit's batch indices are), else a read back (only indices, never the data, move). An asynchronous
 * device (webgpu) has no read back: indices it computed are not checked here (false), and the
 * kernel gives NaN for an index out of range instead.
 */
function checkIndices(
  ctx: KernelContext,
  indices: TensorInfo,
  limit: number,
  describe: (value: number, position: number) => string,
): boolean {
  const values = ctx.storage.hostValues(indices);
  if (values === undefined) return false;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!(v >= 0 && v < limit)) throw new ValueError(describe(v, k));
  }
  return true;
}

/** An empty array of the same type as `like`. */
function newLike(like: TypedArray, length: number): TypedArray {
  return new (like.constructor as new (n: number) => TypedArray)(length);
}

/**
 * Stores a result computed on the host: uploaded to the device, or kept on the host when it too is
 * over the kernel limit.
 */
function hostResult(ctx: KernelContext, values: TypedArray, shape: number[], x: TensorInfo) {
  return { dataId: ctx.storage.write(values, shape, x.dtype), shape, dtype: x.dtype };
}

/** gather of a host-resident `x`, on the host: whole inner blocks copied per index. */
function hostGather(
  ctx: KernelContext,
  x: TensorInfo,
  indices: TensorInfo,
  axis: number,
  outShape: number[],
): TensorInfo {
  const src = ctx.storage.hostResidentValues(x);
  const idx = ctx.storage.hostValues(indices);
  if (idx === undefined) {
    throw new BackendError(
      `gpujs (webgpu): gather: x ${fmtShape(x.shape)} is held on the host, and indices computed on the device cannot be read synchronously: write the indices from the host (as model.fit does)`,
    );
  }
  const dim = x.shape[axis]!;
  const outer = sizeFromShape(x.shape.slice(0, axis));
  const inner = sizeFromShape(x.shape.slice(axis + 1));
  const out = newLike(src, outer * idx.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < idx.length; k++) {
      const from = (o * dim + idx[k]!) * inner;
      out.set(src.subarray(from, from + inner), (o * idx.length + k) * inner);
    }
  }
  return hostResult(ctx, out, outShape, x);
}

/** slice of a host-resident `x`, on the host: contiguous runs of the last dimension copied. */
function hostSlice(
  ctx: KernelContext,
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): TensorInfo {
  const src = ctx.storage.hostResidentValues(x);
  const strides = stridesOf([...x.shape]);
  const last = x.shape.length - 1;
  const out = newLike(src, sizeFromShape([...size]));
  let at = 0;
  const copy = (d: number, offset: number): void => {
    if (d === last) {
      const from = offset + begin[d]!;
      out.set(src.subarray(from, from + size[d]!), at);
      at += size[d]!;
      return;
    }
    for (let k = 0; k < size[d]!; k++) copy(d + 1, offset + (begin[d]! + k) * strides[d]!);
  };
  if (out.length > 0) copy(0, 0);
  return hostResult(ctx, out, [...size], x);
}

/** The box of `size` at `begin`: on the host for a host-resident `x`, else one gpu.js kernel. */
function sliceOf(
  ctx: KernelContext,
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): TensorInfo {
  if (ctx.storage.isHostResident(x)) return hostSlice(ctx, x, begin, size);
  return remap(ctx, x, [...size], (o) =>
    stridedIndex(
      x.shape,
      o.map((c, d) => (begin[d] === 0 ? c : `${c} + ${int(begin[d]!)}`)),
    ),
  );
}

function concatChunk(ctx: KernelContext, tensors: TensorInfo[], axis: number): TensorInfo {
  const first = tensors[0]!;
  const outShape = [...first.shape];
  outShape[axis] = tensors.reduce((s, t) => s + t.shape[axis]!, 0);
  const coords = coordNames('o', outShape.length);
  const lines = [coordinates('o', 'i', outShape)];
  let offset = 0;
  tensors.forEach((t, n) => {
    const size = t.shape[axis]!;
    if (size === 0) return;
    const local = coords.map((c, d) => (d === axis ? `${c} - ${int(offset)}` : c));
    lines.push(
      `if (o${axis} < ${int(offset + size)}) { return a${n}[${stridedIndex(t.shape, local)}]; }`,
    );
    offset += size;
  });
  lines.push('return 0.0;');
  return ctx.run(kernelSource(tensors.length, lines.join('\n')), outShape, first.dtype, tensors);
}

/** transpose, slice, concat, split, pad, gather, segment sums, tile, reverse, reshape, broadcast, oneHot. */
export function movementKernels(ctx: KernelContext): KernelFamily<MovementName> {
  return {
    transpose: ({ x }, { perm }) => {
      const outShape = perm.map((p) => x.shape[p]!);
      const strides = stridesOf([...x.shape]);
      return remap(ctx, x, outShape, (o) => {
        const terms = perm.map((p, n) => (x.shape[p] === 1 ? '' : `${o[n]} * ${int(strides[p]!)}`));
        const nonEmpty = terms.filter((t) => t !== '');
        return nonEmpty.length === 0 ? '0' : nonEmpty.join(' + ');
      });
    },
    slice: ({ x }, { begin, size }) => sliceOf(ctx, x, begin, size),
    // One kernel per piece (a gpu.js kernel has one output).
    split: ({ x }, { axis, sizes }) =>
      splitSlices(x.shape, axis, sizes).map(({ begin, size }) => sliceOf(ctx, x, begin, size)),
    concat: ({ tensors }, { axis }) => {
      let pending = [...tensors];
      let partial: TensorInfo | null = null;
      while (pending.length > 0) {
        const room = partial === null ? MAX_CONCAT_INPUTS : MAX_CONCAT_INPUTS - 1;
        const chunk = pending.slice(0, room);
        pending = pending.slice(room);
        const next = concatChunk(ctx, partial === null ? chunk : [partial, ...chunk], axis);
        if (partial !== null) ctx.storage.delete(partial.dataId);
        partial = next;
      }
      return partial!;
    },
    pad: ({ x }, { paddings, constantValue }) => {
      const outShape = x.shape.map((d, k) => d + paddings[k]![0] + paddings[k]![1]);
      const inner = coordNames('o', outShape.length).map((c, d) =>
        paddings[d]![0] === 0 ? c : `(${c} - ${int(paddings[d]![0])})`,
      );
      const checks = inner
        .map((c, d) =>
          paddings[d]![0] === 0 && paddings[d]![1] === 0
            ? ''
            : `${c} < 0 || ${c} >= ${int(x.shape[d]!)}`,
        )
        .filter((t) => t !== '');
      const guard =
        checks.length === 0 ? '' : `if (${checks.join(' || ')}) { return ${lit(constantValue)}; }`;
      return remap(ctx, x, outShape, () => stridedIndex(x.shape, inner), guard);
    },
    gather: ({ x, indices }, { axis }) => {
      const dim = x.shape[axis]!;
      const checked = checkIndices(
        ctx,
        indices,
        dim,
        (v, k) =>
          `gather: index ${v} (at position ${k} of indices) is out of range for dimension ${axis} of x ${fmtShape(x.shape)}: expected 0 <= index < ${dim}`,
      );
      const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
      if (ctx.storage.isHostResident(x)) return hostGather(ctx, x, indices, axis, outShape);
      const o = coordNames('o', outShape.length);
      const idxCoords = o.slice(axis, axis + indices.shape.length);
      const xCoords = [...o.slice(0, axis), 'g', ...o.slice(axis + indices.shape.length)];
      const guard = checked ? '' : `if (!(g >= 0.0 && g < ${lit(dim)})) { return ${NAN}; }\n`;
      const body = `${coordinates('o', 'i', outShape)}\nconst g = a1[${flatIndex(indices.shape, idxCoords)}];\n${guard}return a0[${stridedIndex(x.shape, xCoords)}];`;
      return ctx.run(kernelSource(2, body), outShape, x.dtype, [x, indices]);
    },
    unsortedSegmentSum: ({ x, segmentIds }, { numSegments, axis }) => {
      const outShape = [...x.shape];
      outShape[axis] = numSegments;
      const o = coordNames('o', outShape.length);
      const xCoords = o.map((c, d) => (d === axis ? 'j' : c));
      const n = x.shape[axis]!;
      const body = `${coordinates('o', 'i', outShape)}\nlet s = 0.0;\n${
        n === 0
          ? ''
          : `for (let j = 0; j < ${int(n)}; j++) {\nif (a1[j] === o${axis}) { s += a0[${stridedIndex(x.shape, xCoords)}]; }\n}`
      }\nreturn s;`;
      return ctx.run(kernelSource(2, body), outShape, x.dtype, [x, segmentIds]);
    },
    tile: ({ x }, { reps }) => {
      const outShape = x.shape.map((d, k) => d * reps[k]!);
      return remap(ctx, x, outShape, (o) =>
        stridedIndex(
          x.shape,
          o.map((c, d) =>
            reps[d] === 1
              ? c
              : `(${c} - ${int(x.shape[d]!)} * Math.floor((${c} + 0.5) / ${int(x.shape[d]!)}))`,
          ),
        ),
      );
    },
    reverse: ({ x }, { axes }) =>
      remap(ctx, x, [...x.shape], (o) =>
        stridedIndex(
          x.shape,
          o.map((c, d) => (axes.includes(d) ? `${int(x.shape[d]! - 1)} - ${c}` : c)),
        ),
      ),
    reshape: reshapeSharingStorage,
    identity: identitySharingStorage,
    broadcastTo: ({ x }, { shape }) => mapInputs(ctx, [x], x.dtype, 'return v0;', [...shape]),
    oneHot: ({ indices }, { depth, onValue, offValue }) => {
      const outShape = [...indices.shape, depth];
      const body = `const r = Math.floor((i + 0.5) / ${int(depth)});\nconst d = i - r * ${int(depth)};\nif (a0[r] === d) { return ${lit(onValue)}; }\nreturn ${lit(offValue)};`;
      return ctx.run(kernelSource(1, body), outShape, 'float32', [indices]);
    },
  };
}
