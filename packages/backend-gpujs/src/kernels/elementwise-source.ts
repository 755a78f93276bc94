import { shapesEqual } from '@glia/core';
import { coordinates, coordNames, flatIndex, kernelSource } from '../program';

/**
 * The source of an elementwise kernel: each input is read at the output's index (broadcast
 * NumPy-style) into `v0, v1, ...`, then `body` (statements ending in `return`) computes the value.
 */
export function elementwiseSource(
  inputShapes: readonly (readonly number[])[],
  outShape: readonly number[],
  body: string,
): string {
  const lines: string[] = [];
  const needsCoords = inputShapes.some((s) => !shapesEqual([...s], [...outShape]) && size(s) > 1);
  if (needsCoords) lines.push(coordinates('o', 'i', outShape));
  const coords = coordNames('o', outShape.length);
  inputShapes.forEach((shape, k) => {
    const index =
      size(shape) === 1
        ? '0'
        : shapesEqual([...shape], [...outShape])
          ? 'i'
          : flatIndex(shape, coords);
    lines.push(`const v${k} = a${k}[${index}];`);
  });
  lines.push(body);
  return kernelSource(inputShapes.length, lines.join('\n'));
}

function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
