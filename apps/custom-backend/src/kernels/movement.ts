import type { TensorInfo } from '@glia/core';
import { coordsOf, flatIndex, sizeOf, stridesOf } from '../indexing';
import { arrayFor, type PlainStorage } from '../storage';
import type { KernelFamily } from './kernel-family';

/**
 * Builds an output of `outShape` by asking, for each output coordinate, which input coordinate it
 * copies (`null`: none, write `fill` instead). Every movement kernel below is one such mapping.
 */
function remap(
  storage: PlainStorage,
  x: TensorInfo,
  outShape: number[],
  sourceOf: (outCoords: number[]) => number[] | null,
  fill = 0,
): TensorInfo {
  const input = storage.read(x.dataId);
  const strides = stridesOf(x.shape);
  const output = arrayFor(x.dtype, sizeOf(outShape));
  for (let i = 0; i < output.length; i++) {
    const source = sourceOf(coordsOf(i, outShape));
    output[i] = source === null ? fill : input[flatIndex(source, strides)]!;
  }
  return storage.adopt(output, outShape, x.dtype);
}

/** transpose, slice, concat, pad, tile and reverse. */
export function movementKernels(
  storage: PlainStorage,
): KernelFamily<'transpose' | 'slice' | 'concat' | 'pad' | 'tile' | 'reverse'> {
  return {
    // Output dimension d is input dimension perm[d].
    transpose: ({ x }, { perm }) =>
      remap(
        storage,
        x,
        perm.map((p) => x.shape[p]!),
        (out) => {
          const source = new Array<number>(out.length);
          perm.forEach((p, d) => {
            source[p] = out[d]!;
          });
          return source;
        },
      ),

    slice: ({ x }, { begin, size }) =>
      remap(storage, x, size, (out) => out.map((c, d) => c + begin[d]!)),

    // Coordinates that land in the padding read nothing and take constantValue.
    pad: ({ x }, { paddings, constantValue }) =>
      remap(
        storage,
        x,
        x.shape.map((n, d) => paddings[d]![0] + n + paddings[d]![1]),
        (out) => {
          const source = out.map((c, d) => c - paddings[d]![0]);
          return source.every((c, d) => c >= 0 && c < x.shape[d]!) ? source : null;
        },
        constantValue,
      ),

    tile: ({ x }, { reps }) =>
      remap(
        storage,
        x,
        x.shape.map((n, d) => n * reps[d]!),
        (out) => out.map((c, d) => c % x.shape[d]!),
      ),

    reverse: ({ x }, { axes }) =>
      remap(storage, x, [...x.shape], (out) =>
        out.map((c, d) => (axes.includes(d) ? x.shape[d]! - 1 - c : c)),
      ),

    // Walks the output along `axis`; each coordinate there belongs to exactly one input.
    concat: ({ tensors }, { axis }) => {
      const first = tensors[0]!;
      const outShape = [...first.shape];
      outShape[axis] = tensors.reduce((total, t) => total + t.shape[axis]!, 0);
      const output = arrayFor(first.dtype, sizeOf(outShape));
      const inputs = tensors.map((t) => ({
        values: storage.read(t.dataId),
        strides: stridesOf(t.shape),
        length: t.shape[axis]!,
      }));
      for (let i = 0; i < output.length; i++) {
        const coords = coordsOf(i, outShape);
        let which = 0;
        while (coords[axis]! >= inputs[which]!.length) {
          coords[axis]! -= inputs[which]!.length;
          which++;
        }
        const input = inputs[which]!;
        output[i] = input.values[flatIndex(coords, input.strides)]!;
      }
      return storage.adopt(output, outShape, first.dtype);
    },
  };
}
