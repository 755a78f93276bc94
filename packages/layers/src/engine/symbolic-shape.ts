import { fmtShape, ShapeError } from '@glia/core';

/** A shape whose leading (batch) dimension, and any other, may be unknown (`null`), as in Keras. */
export type SymbolicShape = (number | null)[];

/** `[null, 28, 28, 1]` -> `(None, 28, 28, 1)`, as Keras' summary prints shapes. */
export function formatSymbolicShape(shape: SymbolicShape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/**
 * Checks a concrete input shape against the shape a layer was built for (null matches anything),
 * naming the layer and both shapes when they differ.
 */
export function assertShapeCompatible(
  layerName: string,
  expected: SymbolicShape,
  actual: readonly number[],
): void {
  const fits =
    expected.length === actual.length && expected.every((d, i) => d === null || d === actual[i]);
  if (!fits) {
    throw new ShapeError(
      `${layerName}: input has shape ${fmtShape(actual)}: expected ${formatSymbolicShape(expected)} (None: any size)`,
    );
  }
}

/**
 * Checks a symbolic input shape against the shape a layer was built for (`null` on either side
 * matches anything), naming the layer and both shapes when they differ.
 */
export function assertSymbolicCompatible(
  layerName: string,
  expected: SymbolicShape,
  actual: SymbolicShape,
): void {
  const fits =
    expected.length === actual.length &&
    expected.every((d, i) => d === null || actual[i] === null || d === actual[i]);
  if (!fits) {
    throw new ShapeError(
      `${layerName}: input has shape ${formatSymbolicShape(actual)}: expected ${formatSymbolicShape(expected)} (None: any size)`,
    );
  }
}
