// softmax and logSoftmax along one axis, shifted by the max so large logits do not overflow.
import { registerComposition } from '../engine/engine';
import { div, sub } from '../ops/binary';
import { max, sum } from '../ops/reduce';
import { exp, log } from '../ops/unary';

// exp(x - max) is at most 1 and the max contributes exp(0) = 1: no overflow, and no 0 sum for finite x.
registerComposition('softmax', ({ x }, { axis }) => {
  const e = exp(sub(x, max(x, axis, true)));
  return div(e, sum(e, axis, true));
});

// (x - max) - log(sum(exp(x - max))): subtracting logs, not log(softmax), keeps tiny probabilities.
registerComposition('logSoftmax', ({ x }, { axis }) => {
  const shifted = sub(x, max(x, axis, true));
  return sub(shifted, log(sum(exp(shifted), axis, true)));
});
