import { fmtShape, ShapeError, shapesEqual, type Tensor } from '@glia/core';

/** Throws unless labels and predictions have the same shape, naming the metric. */
export function assertSameShape(name: string, yTrue: Tensor, yPred: Tensor): void {
  if (shapesEqual(yTrue.shape, yPred.shape)) return;
  throw new ShapeError(
    `${name}: labels have shape ${fmtShape(yTrue.shape)} and predictions ${fmtShape(yPred.shape)}: expected the same shape`,
  );
}

/**
 * Throws unless labels are class ids for predictions [batch, ..., numClasses]: shape [batch, ...]
 * or [batch, ..., 1].
 */
export function assertClassIdShape(name: string, yTrue: Tensor, yPred: Tensor): void {
  const idShape = yPred.shape.slice(0, -1);
  if (
    yPred.rank >= 2 &&
    (shapesEqual(yTrue.shape, idShape) || shapesEqual(yTrue.shape, [...idShape, 1]))
  ) {
    return;
  }
  throw new ShapeError(
    `${name}: labels have shape ${fmtShape(yTrue.shape)} and predictions ${fmtShape(yPred.shape)}: expected class ids of shape ${fmtShape(idShape)} or ${fmtShape([...idShape, 1])} for predictions [batch, ..., numClasses]`,
  );
}
