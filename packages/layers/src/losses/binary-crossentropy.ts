import {
  abs,
  add,
  clipByValue,
  dataSyncIfAvailable,
  exp,
  fmtShape,
  log,
  log1p,
  mul,
  neg,
  relu,
  sub,
  type Tensor,
  ValueError,
} from '@glia/core';
import {
  asFloat,
  assertNumericLabels,
  checkLabelSmoothing,
  crossentropyExtras,
  defineLoss,
  EPSILON,
  meanOverLastAxis,
  sameShapeLabels,
} from './common';

/** `binaryCrossentropy` options. */
export interface BinaryCrossentropyOptions {
  /** Predictions are logits, not probabilities (default false). */
  fromLogits?: boolean;
  /** Pulls labels towards 0.5: y·(1 - s) + 0.5·s (default 0). */
  labelSmoothing?: number;
}

const NAME = 'binaryCrossentropy';

function smooth(yTrue: Tensor, labelSmoothing: number): Tensor {
  const t = asFloat(yTrue);
  return labelSmoothing > 0 ? add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing) : t;
}

/** max(x, 0) - x·z + log(1 + e^-|x|): the cross-entropy of sigmoid(x), finite for any logit. */
function fromLogitsElementwise(z: Tensor, x: Tensor): Tensor {
  return add(sub(relu(x), mul(x, z)), log1p(exp(neg(abs(x)))));
}

function fromProbabilitiesElementwise(z: Tensor, p: Tensor): Tensor {
  const clipped = clipByValue(p, EPSILON, 1 - EPSILON);
  return neg(add(mul(z, log(clipped)), mul(sub(1, z), log(sub(1, clipped)))));
}

function validateBinaryLabels(yTrue: Tensor, predictionShape: readonly number[]): void {
  assertNumericLabels(NAME, yTrue, 'float32 or int32 labels in [0, 1]');
  sameShapeLabels(NAME)(yTrue, predictionShape);
  // on a backend without synchronous reads (WebGPU) the values go unchecked here
  const values = dataSyncIfAvailable(yTrue);
  if (values === undefined) return;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!(v >= 0 && v <= 1)) {
      throw new ValueError(
        `${NAME}: label ${v} at flat index ${i} (labels ${fmtShape(yTrue.shape)}) is outside [0, 1]: expected 0/1 labels or probabilities`,
      );
    }
  }
}

/**
 * Binary cross-entropy averaged over the last axis, per example (Keras' `binary_crossentropy`).
 * Probabilities are clipped to [1e-7, 1 - 1e-7]; with `fromLogits` it is computed from logits as
 * max(x, 0) - x·z + log1p(exp(-|x|)), which stays finite for any logit. After a sigmoid layer the
 * training loop takes that logit path (`fused`).
 *
 * ```ts
 * losses.binaryCrossentropy(tensor([[1, 0]]), tensor([[0.9, 0.2]])); // [(0.1054 + 0.2231) / 2]
 * ```
 */
export const binaryCrossentropy = defineLoss<BinaryCrossentropyOptions>(
  NAME,
  (yTrue, yPred, { fromLogits = false, labelSmoothing = 0 } = {}) => {
    const z = smooth(yTrue, labelSmoothing);
    const p = asFloat(yPred);
    return meanOverLastAxis(
      fromLogits ? fromLogitsElementwise(z, p) : fromProbabilitiesElementwise(z, p),
    );
  },
  crossentropyExtras('sigmoid', validateBinaryLabels),
  (options) => checkLabelSmoothing(NAME, options?.labelSmoothing),
  Object.keys({ fromLogits: true, labelSmoothing: true } satisfies Record<
    keyof BinaryCrossentropyOptions,
    true
  >),
);
