import { grad } from '@glia/autograd';
import { checkOptions, mul, sum, type Tensor, tidy } from '@glia/core';
import {
  ATTRIBUTION_KEYS,
  type AttributionOptions,
  asFunction,
  checkInput,
  type ExplainModel,
  makeScorer,
  type Scorer,
} from './model';

/** The gradient of each example's score in a batch of `repeats` copies of the examples. */
export function scoreGradient(
  f: (x: Tensor) => Tensor,
  scorer: Scorer,
  batch: Tensor,
  repeats: number,
): Tensor {
  return tidy(() => grad((input: Tensor) => sum(scorer.scores(f(input), repeats)))(batch));
}

/** Runs `body` with the model as a function and the resolved target, then frees the target. */
export function withScorer<T>(
  method: string,
  model: ExplainModel,
  x: Tensor,
  options: AttributionOptions,
  body: (f: (x: Tensor) => Tensor, scorer: Scorer) => T,
): T {
  checkInput(method, x);
  const f = asFunction(model, options.logits);
  const scorer = makeScorer(method, f, x, options.target);
  try {
    return body(f, scorer);
  } finally {
    scorer.dispose();
  }
}

/**
 * Saliency (Simonyan et al., 2013): the gradient of the target score with respect to the input,
 * shaped like the input. The caller owns the result.
 *
 * ```ts
 * const map = saliency(model, images, { target: 3 }); // [n, 28, 28, 1]
 * ```
 */
export function saliency(model: ExplainModel, x: Tensor, options: AttributionOptions = {}): Tensor {
  checkOptions('saliency', 'saliency(model, x, { target?, logits? })', options, ATTRIBUTION_KEYS);
  return withScorer('saliency', model, x, options, (f, scorer) => scoreGradient(f, scorer, x, 1));
}

/**
 * Gradient × input (Shrikumar et al., 2016): the saliency times the input, element by element. For
 * a linear score w·x it is w_i·x_i, each feature's share of the score.
 *
 * ```ts
 * const shares = gradientTimesInput(model, images, { target: 3 });
 * ```
 */
export function gradientTimesInput(
  model: ExplainModel,
  x: Tensor,
  options: AttributionOptions = {},
): Tensor {
  checkOptions(
    'gradientTimesInput',
    'gradientTimesInput(model, x, { target?, logits? })',
    options,
    ATTRIBUTION_KEYS,
  );
  return withScorer('gradientTimesInput', model, x, options, (f, scorer) =>
    tidy(() => mul(scoreGradient(f, scorer, x, 1), x)),
  );
}
