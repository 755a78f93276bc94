// Kernels gradients do not flow through. The tape does not record them, so their outputs are
// constants and the gradient through them is zero, as in TF.js:
// - bool results: the comparisons, logicalAnd/Or/Not, isNaN, isFinite, all, any;
// - int32 results: argMax, argMin;
// - piecewise constant, with derivative 0 wherever it exists: floor, ceil, round, sign, floorDiv;
// - oneHot, whose only input is int32 indices;
// - adamUpdate, an optimizer step (TF.js's ApplyAdam has no gradient either).
// Also without gradient, though their kernels have rules: the int32 `indices` of gather and
// `segmentIds` of unsortedSegmentSum, the bool `condition` of where, casts to int32 or bool, and the
// `x` of maxPoolGrad and of reluGrad (which cell of a window wins, and whether x > 0, are piecewise
// constant in x).
import { BOOL_OUTPUT_KERNELS, type KernelName } from '@glia/core';

/** Every kernel without a gradient rule. */
export const NON_DIFFERENTIABLE_KERNELS = [
  ...BOOL_OUTPUT_KERNELS,
  'sign',
  'floor',
  'ceil',
  'round',
  'floorDiv',
  'argMax',
  'argMin',
  'oneHot',
  'adamUpdate',
] as const satisfies readonly KernelName[];
