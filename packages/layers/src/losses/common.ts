import {
  cast,
  checkOptions,
  DTypeError,
  defineOp,
  fmtShape,
  mean,
  ShapeError,
  Tensor,
  ValueError,
} from '@glia/core';
import type { LossFunction, LossSpec } from './loss';

/** Keras' fuzz factor: probabilities are clipped to [EPSILON, 1 - EPSILON] before a log. */
export const EPSILON = 1e-7;

/** `t` in float32 (labels may come as int32 or bool). Use inside an op's tidy scope. */
export function asFloat(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

/**
 * Keras' reduction to per-example values: the mean over the last axis. A rank-1 tensor already
 * holds one value per example (a model with output shape [batch]), so it is returned as it is.
 */
export function meanOverLastAxis(values: Tensor): Tensor {
  return values.rank >= 2 ? mean(values, -1) : values;
}

/** A loss's per-example computation with its options, without label checks. */
export type LossOp<O> = (yTrue: Tensor, yPred: Tensor, options: O | undefined) => Tensor;

/** The extras a loss adds to its spec for given options: the fused path and label checks. */
export type LossExtras = Pick<LossSpec, 'fused' | 'validateLabels'>;

/**
 * The extras of a crossentropy over probabilities: `validateLabels`, and unless the options say
 * `fromLogits`, the fused path for a model ending in `activation` (the same loss with
 * `fromLogits: true`, on that activation's logits).
 */
export function crossentropyExtras<O extends { fromLogits?: boolean }>(
  activation: 'softmax' | 'sigmoid',
  validateLabels: NonNullable<LossSpec['validateLabels']>,
): (options: O | undefined, compute: LossOp<O>) => LossExtras {
  return (options, compute) => ({
    validateLabels,
    ...(options?.fromLogits
      ? {}
      : {
          fused: {
            activation,
            fromLogits: (yTrue, logits) =>
              compute(yTrue, logits, { ...options, fromLogits: true } as O),
          },
        }),
  });
}

/**
 * A loss in both of Keras' forms: called with tensors it returns per-example values, shape [batch]
 * (after checking the labels); called with options (or nothing) it returns the `LossSpec` that
 * `compile({ loss })` takes.
 *
 * ```ts
 * losses.categoricalCrossentropy(yTrue, yPred);                       // [batch]
 * model.compile({ loss: losses.categoricalCrossentropy({ labelSmoothing: 0.1 }), optimizer: 'adam' });
 * ```
 */
export interface LossFactory<O extends object> {
  (yTrue: Tensor, yPred: Tensor, options?: O): Tensor;
  (options?: O): LossSpec;
  /** The name the spec carries and the registry knows (`'categoricalCrossentropy'`). */
  readonly lossName: string;
}

/**
 * Builds a `LossFactory` from the per-example computation. `extras` gives the fused path and label
 * checks for some options (it gets the computation back as an op, to build the fused path from);
 * without it, labels must have the predictions' shape. `checkValues` checks the options' values;
 * `optionKeys` lists the keys the options may have (none by default): any other is an error.
 */
export function defineLoss<O extends object>(
  name: string,
  compute: (yTrue: Tensor, yPred: Tensor, options: O | undefined) => Tensor,
  extras: (options: O | undefined, compute: LossOp<O>) => LossExtras = () => ({
    validateLabels: sameShapeLabels(name),
  }),
  checkValues: (options: O | undefined) => void = () => {},
  optionKeys: readonly string[] = [],
): LossFactory<O> {
  const op = defineOp(`${name}(yTrue, yPred, options?)`, compute);
  const shown = `{ ${optionKeys.map((k) => `${k}?`).join(', ')} }`;
  const form =
    optionKeys.length === 0
      ? `${name}(yTrue, yPred) or ${name}() (it takes no options)`
      : `${name}(yTrue, yPred, ${shown}) or ${name}(${shown})`;
  const check = (options: O | undefined): void => {
    if (options !== undefined) checkOptions(name, form, options, optionKeys);
    checkValues(options);
  };
  const spec = (options: O | undefined): LossSpec => {
    check(options);
    const fn: LossFunction = (yTrue, yPred) => op(yTrue, yPred, options);
    Object.defineProperty(fn, 'name', { value: name });
    return { name, fn, ...extras(options, op) };
  };
  function loss(a?: Tensor | O, b?: Tensor, c?: O): Tensor | LossSpec {
    if (!(a instanceof Tensor)) return spec(a);
    if (!(b instanceof Tensor)) {
      throw new ValueError(
        `${name}: called with yTrue but no yPred tensor: expected (yTrue, yPred)`,
      );
    }
    check(c);
    extras(c, op).validateLabels?.(a, b.shape);
    return op(a, b, c);
  }
  Object.defineProperty(loss, 'name', { value: name });
  Object.defineProperty(loss, 'lossName', { value: name });
  return loss as LossFactory<O>;
}

/**
 * Whether a labels shape fits an expected one; a negative expected dimension (a size the model
 * leaves open, passed as -1) matches any size.
 */
export function shapeMatches(shape: readonly number[], expected: readonly number[]): boolean {
  return shape.length === expected.length && expected.every((d, i) => d < 0 || d === shape[i]);
}

/** Label check for losses whose labels match the predictions element for element. */
export function sameShapeLabels(
  name: string,
): (yTrue: Tensor, predictionShape: readonly number[]) => void {
  return (yTrue, predictionShape) => {
    if (shapeMatches(yTrue.shape, predictionShape)) return;
    const hint =
      yTrue.size === predictionShape.reduce((n, d) => n * d, 1)
        ? ` (reshape the labels to ${fmtShape(predictionShape)})`
        : '';
    throw new ShapeError(
      `${name}: labels have shape ${fmtShape(yTrue.shape)} and predictions ${fmtShape(predictionShape)}: expected labels of the same shape as the predictions${hint}`,
    );
  };
}

/** Rejects labels of a dtype a loss cannot read as numbers. */
export function assertNumericLabels(name: string, yTrue: Tensor, expected: string): void {
  if (yTrue.dtype === 'bool') {
    throw new DTypeError(
      `${name}: labels have dtype bool (shape ${fmtShape(yTrue.shape)}): expected ${expected}`,
    );
  }
}

/** Checks `labelSmoothing` is a number in [0, 1]. */
export function checkLabelSmoothing(name: string, labelSmoothing: number | undefined): void {
  if (labelSmoothing === undefined) return;
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ValueError(
      `${name}: labelSmoothing is ${labelSmoothing}: expected a number in [0, 1]`,
    );
  }
}

/** Options of a loss that takes none. */
export type NoOptions = Record<string, never>;
