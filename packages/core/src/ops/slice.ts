import { runKernel } from '../engine/engine';
import { fmtShape, ShapeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { normalizeAxis } from '../util/shape';
import { defineOp, input, type TensorInput } from './op';

/**
 * Extracts a block starting at `begin` of `size` (-1 means "to the end"); missing trailing entries take
 * the whole dimension.
 *
 * ```ts
 * const y = glia.slice(glia.tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, 2]);
 * console.log(await y.array()); // [[2, 3], [5, 6]]
 * ```
 */
export const slice = defineOp(
  'slice(x, begin, size?)',
  (
    x: TensorInput,
    begin: number | readonly number[],
    size?: number | readonly number[],
  ): Tensor => {
    const t = input('slice', 'x', x);
    const b = typeof begin === 'number' ? [begin] : [...begin];
    const s = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
    if (b.length > t.rank || s.length > t.rank) {
      throw new ShapeError(
        `slice: begin [${b.join(',')}] / size [${s.join(',')}] have more entries than input ${fmtShape(t.shape)} has dimensions`,
      );
    }
    const fullBegin = t.shape.map((_, i) => b[i] ?? 0);
    const fullSize = t.shape.map((d, i) => {
      const sz = s[i] ?? -1;
      return sz === -1 ? d - fullBegin[i]! : sz;
    });
    for (let i = 0; i < t.rank; i++) {
      const bi = fullBegin[i]!;
      const si = fullSize[i]!;
      if (
        !Number.isInteger(bi) ||
        !Number.isInteger(si) ||
        bi < 0 ||
        si < 0 ||
        bi + si > t.shape[i]!
      ) {
        throw new ValueError(
          `slice: begin [${fullBegin.join(',')}] with size [${fullSize.join(',')}] exceeds input ${fmtShape(t.shape)} at dimension ${i}: expected 0 <= begin and begin + size <= ${t.shape[i]}`,
        );
      }
    }
    return runKernel('slice', { x: t }, { begin: fullBegin, size: fullSize });
  },
);

/**
 * Splits along `axis` into `numOrSizes` equal parts, or parts of the given sizes (one may be -1).
 * One `split` kernel makes every piece, so the gradient is one concat of the pieces' gradients.
 *
 * ```ts
 * const [a, b] = glia.split(glia.tensor([[1, 2, 3], [4, 5, 6]]), [1, 2], 1);
 * console.log(await a.array(), await b.array()); // [[1], [4]] [[2, 3], [5, 6]]
 * ```
 */
export const split = defineOp(
  'split(x, numOrSizes, axis?)',
  (x: TensorInput, numOrSizes: number | readonly number[], axis: number = 0): Tensor[] => {
    const t = input('split', 'x', x);
    const a = normalizeAxis('split', axis, t.rank);
    const dim = t.shape[a]!;
    let sizes: number[];
    if (typeof numOrSizes === 'number') {
      if (!Number.isInteger(numOrSizes) || numOrSizes <= 0 || dim % numOrSizes !== 0) {
        throw new ValueError(
          `split: dimension ${a} of input ${fmtShape(t.shape)} is ${dim}, not divisible into ${numOrSizes} equal parts`,
        );
      }
      sizes = new Array<number>(numOrSizes).fill(dim / numOrSizes);
    } else {
      sizes = [...numOrSizes];
      const unknown = sizes.indexOf(-1);
      if (unknown >= 0)
        sizes[unknown] = dim - sizes.reduce((acc, v, i) => (i === unknown ? acc : acc + v), 0);
      if (
        sizes.some((v) => !Number.isInteger(v) || v < 0) ||
        sizes.reduce((p, v) => p + v, 0) !== dim
      ) {
        throw new ValueError(
          `split: sizes [${numOrSizes.join(',')}] do not add up to dimension ${a} (${dim}) of input ${fmtShape(t.shape)}`,
        );
      }
    }
    if (sizes.length === 0) return [];
    return runKernel('split', { x: t }, { axis: a, sizes });
  },
);
