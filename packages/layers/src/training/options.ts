/**
 * The option keys of the model's training methods, each list checked against its interface at
 * compile time: `satisfies Record<keyof FitArgs, true>` fails when FitArgs gains a key the list
 * lacks or the list names one FitArgs lacks, so the keys `checkOptions` allows cannot drift.
 */
import type { CompileArgs, EvaluateArgs, FitArgs } from './types';

/** `call({ a?, b? })`: a method's call form as errors show it. */
export function optionsForm(call: string, keys: readonly string[]): string {
  return `${call}{ ${keys.map((k) => `${k}?`).join(', ')} })`;
}

export const FIT_KEYS = Object.keys({
  epochs: true,
  batchSize: true,
  validationSplit: true,
  validationData: true,
  shuffle: true,
  seed: true,
  callbacks: true,
  initialEpoch: true,
  verbose: true,
} satisfies Record<keyof FitArgs, true>);
export const FIT_FORM = `${optionsForm('fit(x, y, ', FIT_KEYS)} or fit(batches, { ... })`;

export const EVALUATE_KEYS = Object.keys({
  batchSize: true,
  verbose: true,
} satisfies Record<keyof EvaluateArgs, true>);
export const EVALUATE_FORM = `${optionsForm('evaluate(x, y, ', EVALUATE_KEYS)} or evaluate(batches, { ... })`;
export const PREDICT_FORM = optionsForm('predict(x, ', EVALUATE_KEYS);

export const COMPILE_KEYS = Object.keys({
  optimizer: true,
  loss: true,
  lossWeights: true,
  metrics: true,
} satisfies Record<keyof CompileArgs, true>);
export const COMPILE_FORM = 'compile({ optimizer, loss, lossWeights?, metrics? })';
