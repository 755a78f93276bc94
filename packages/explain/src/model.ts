/**
 * What every attribution method shares: the model as a function, the score being explained, and
 * the checks of the input. A score is one number per example; the methods differentiate their sum,
 * which gives each example the gradient of its own score, since examples do not interact in a
 * model at inference.
 */
import {
  argMax,
  DTypeError,
  fmtShape,
  mul,
  oneHot,
  reshape,
  ShapeError,
  sum,
  type Tensor,
  tidy,
  tile,
  ValueError,
} from '@glia/core';
import { LayersModel } from '@glia/layers';

/**
 * A model to explain: a Sequential or graph model of one input and one output, or any function
 * from a batch of inputs to outputs.
 */
export type ExplainModel = LayersModel | ((x: Tensor) => Tensor);

/**
 * The score explained, per example: a class index (the same for every example), one class index
 * per example, or a function of the model's output [m, ...] that returns one score per row [m].
 * Without a target, models with one output per example explain it, and classifiers explain the
 * class they predict for each input.
 */
export type Target = number | readonly number[] | ((output: Tensor) => Tensor);

/** Options every method takes. */
export interface AttributionOptions {
  /** The score to explain (default: the predicted class, or the only output). */
  target?: Target;
  /**
   * For a Sequential: explain the scores before its last layer's activation (the logits), as
   * saliency maps usually do; default false (the model's outputs, e.g. softmax probabilities).
   */
  logits?: boolean;
}

export const ATTRIBUTION_KEYS = Object.keys({
  target: true,
  logits: true,
} satisfies Record<keyof AttributionOptions, true>);

/** The model as a function, at inference. */
export function asFunction(model: ExplainModel, logits = false): (x: Tensor) => Tensor {
  if (model instanceof LayersModel) return (x) => model.apply(x, { training: false }, logits);
  if (typeof model === 'function') return model;
  throw new ValueError(
    'explain: model must be a model (Sequential or graph) or a function (x: Tensor) => Tensor',
  );
}

/** Checks that `x` is a float32 batch [n, ...]. */
export function checkInput(method: string, x: Tensor, minRank = 2): void {
  if (x.dtype !== 'float32') {
    throw new DTypeError(`${method}: input has dtype ${x.dtype}: expected float32`);
  }
  if (x.rank < minRank) {
    throw new ShapeError(
      `${method}: input has shape ${fmtShape(x.shape)}: expected a batch [n, ...] of rank >= ${minRank}`,
    );
  }
}

/**
 * The scores of a batch that holds `repeats` copies of the explained examples (repeat-major:
 * rows r·n .. r·n + n - 1 are copy r), as a function of the model's output.
 */
export interface Scorer {
  scores(output: Tensor, repeats: number): Tensor;
  dispose(): void;
}

/**
 * Resolves `target` for the `n` examples of `x` (running the model once when the target is the
 * predicted class).
 */
export function makeScorer(
  method: string,
  f: (x: Tensor) => Tensor,
  x: Tensor,
  target: Target | undefined,
): Scorer {
  const n = x.shape[0]!;
  if (typeof target === 'function') {
    return {
      scores: (output, repeats) => {
        const s = target(output);
        if (s.rank !== 1 || s.shape[0] !== n * repeats) {
          throw new ShapeError(
            `${method}: the target function returned shape ${fmtShape(s.shape)} for an output of shape ${fmtShape(output.shape)}: expected one score per row, [${n * repeats}]`,
          );
        }
        return s;
      },
      dispose: () => {},
    };
  }
  if (typeof target === 'number' || Array.isArray(target)) {
    const list = typeof target === 'number' ? Array.from({ length: n }, () => target) : target;
    if (list.length !== n) {
      throw new ValueError(
        `${method}: target has ${list.length} class indices for ${n} examples: expected one per example`,
      );
    }
    for (const c of list) {
      if (!Number.isInteger(c) || c < 0) {
        throw new ValueError(`${method}: target class ${c} must be a non-negative integer`);
      }
    }
    return classScorer(method, n, Int32Array.from(list));
  }
  if (target !== undefined) {
    throw new ValueError(
      `${method}: target must be a class index, an array of them, or a function of the output`,
    );
  }
  // No target: the only output, or the predicted class of each example.
  const predicted = tidy(() => {
    const out = f(x);
    if (out.rank === 1 || (out.rank === 2 && out.shape[1] === 1)) return null;
    if (out.rank !== 2) {
      throw new ShapeError(
        `${method}: the model's output has shape ${fmtShape(out.shape)}: give a target function that picks one score per example`,
      );
    }
    return argMax(out, 1);
  });
  if (predicted === null) {
    return {
      scores: (output, repeats) => reshape(output, [n * repeats]),
      dispose: () => {},
    };
  }
  return classScorer(method, n, predicted);
}

/** Scores that pick class `classes[i]` from row i of a [m, k] output. */
function classScorer(method: string, n: number, classes: Int32Array | Tensor): Scorer {
  const indices = classes instanceof Int32Array ? null : classes;
  const hostIndices = classes instanceof Int32Array ? classes : null;
  return {
    scores: (output, repeats) => {
      if (output.rank !== 2 || output.shape[0] !== n * repeats) {
        throw new ShapeError(
          `${method}: the model's output has shape ${fmtShape(output.shape)}: a class target needs outputs [batch, classes]`,
        );
      }
      const k = output.shape[1]!;
      if (hostIndices !== null) {
        const bad = hostIndices.find((c) => c >= k);
        if (bad !== undefined) {
          throw new ValueError(
            `${method}: target class ${bad} is out of range: the model gives ${k} scores per example`,
          );
        }
      }
      const picked = indices ?? hostIndices!;
      const mask = oneHot(repeats === 1 ? picked : tile(picked, [repeats]), k);
      return sum(mul(output, mask), 1);
    },
    dispose: () => indices?.dispose(),
  };
}
