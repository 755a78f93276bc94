import { OnnxImportError } from '../../errors';
import type { OpCall } from '../values';

/** The explicit [[top, bottom], [left, right]] padding of a 2-D window node (pads or auto_pad). */
export function windowPadding(
  call: OpCall,
  size: readonly [number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilations: readonly [number, number] = [1, 1],
): [[number, number], [number, number]] {
  const autoPad = call.attrs.string('auto_pad', 'NOTSET');
  if (autoPad === 'NOTSET') {
    const pads = call.attrs.ints('pads', [0, 0, 0, 0]);
    if (pads.length !== 4 || pads.some((p) => p < 0)) {
      throw new OnnxImportError(
        `${call.owner}: pads ${JSON.stringify(pads)}: expected 4 non-negative values for a 2-D window`,
      );
    }
    return [
      [pads[0]!, pads[2]!],
      [pads[1]!, pads[3]!],
    ];
  }
  if (autoPad === 'VALID')
    return [
      [0, 0],
      [0, 0],
    ];
  if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER') {
    throw new OnnxImportError(`${call.owner}: auto_pad '${autoPad}' is not supported`);
  }
  const pair = (axis: 0 | 1): [number, number] => {
    const effective = (kernel[axis] - 1) * dilations[axis] + 1;
    const out = Math.ceil(size[axis] / strides[axis]);
    const total = Math.max((out - 1) * strides[axis] + effective - size[axis], 0);
    const small = Math.floor(total / 2);
    return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
  };
  return [pair(0), pair(1)];
}

/** A two-element attribute as a pair, checked. */
export function pairAttr(
  call: OpCall,
  name: string,
  fallback: readonly [number, number],
): [number, number] {
  const v = call.attrs.ints(name, fallback);
  if (v.length !== 2 || v.some((x) => !(x >= 1))) {
    throw new OnnxImportError(
      `${call.owner}: ${name} ${JSON.stringify(v)}: expected two positive values (2-D windows only)`,
    );
  }
  return [v[0]!, v[1]!];
}

/** Checks a tensor is rank 4 (2-D spatial). */
export function expectRank4(call: OpCall, shape: readonly number[]): void {
  if (shape.length !== 4) {
    throw new OnnxImportError(
      `${call.owner}: input shape [${shape}]: only 2-D windows (rank-4 NCHW inputs) are supported`,
    );
  }
}
