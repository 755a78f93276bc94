import { type DType, type Tensor, zeros } from '@glia/core';
import type { GliaErrorClass } from '../assert';

/** Makes one input of a measured call. */
export type Input = () => Tensor;

/** An input of zeros: what most error cases need, since they fail on shapes and dtypes. */
export const zerosInput =
  (shape: number[], dtype: DType = 'float32'): Input =>
  () =>
    zeros(shape, dtype);

/**
 * Makes the `inputs` now, outside the measurement, and returns `call` on them to run inside it:
 * the form of every case setup that counts what a single call allocates, frees or throws.
 */
export function deferCall<R>(inputs: readonly Input[], call: (...tensors: Tensor[]) => R): () => R {
  const tensors = inputs.map((make) => make());
  return () => call(...tensors);
}

/** One failing call: `setup` makes the inputs outside the measured call and returns the call. */
export interface ErrorCase {
  title: string;
  setup: () => () => unknown;
  error: GliaErrorClass;
  message: RegExp;
}

/** The builder of cases that expect `error`: each makes its `inputs`, then measures `call`. */
export const errorCases =
  (error: GliaErrorClass) =>
  (
    title: string,
    inputs: readonly Input[],
    call: (...tensors: Tensor[]) => unknown,
    message: RegExp,
  ): ErrorCase => ({ title, setup: () => deferCall(inputs, call), error, message });
