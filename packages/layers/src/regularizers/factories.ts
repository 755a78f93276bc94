/**
 * The regularizers as functions, as TF.js' `tf.regularizers` namespace (defaults as TF.js: 0.01):
 *
 * ```ts
 * dense({ units: 8, kernelRegularizer: regularizers.l2({ l2: 1e-4 }) });
 * ```
 */
import { checkOptions } from '@glia/core';
import { L1L2, type L1L2Args } from './l1l2';

/** l1l2's option keys (the compiler checks them against L1L2Args); l1 and l2 take one each. */
const L1L2_KEYS = Object.keys({ l1: true, l2: true } satisfies Record<keyof L1L2Args, true>);

/** l1·Σ|w| (default l1 0.01). */
export const l1 = (args: { l1?: number } = {}): L1L2 => {
  checkOptions('l1', 'l1({ l1? })', args, ['l1']);
  return new L1L2({ l1: args.l1 ?? 0.01 });
};
/** l2·Σw² (default l2 0.01). */
export const l2 = (args: { l2?: number } = {}): L1L2 => {
  checkOptions('l2', 'l2({ l2? })', args, ['l2']);
  return new L1L2({ l2: args.l2 ?? 0.01 });
};
/** l1·Σ|w| + l2·Σw² (defaults 0.01 each). */
export const l1l2 = (args: L1L2Args = {}): L1L2 => {
  checkOptions('l1l2', 'l1l2({ l1?, l2? })', args, L1L2_KEYS);
  return new L1L2({ l1: args.l1 ?? 0.01, l2: args.l2 ?? 0.01 });
};
