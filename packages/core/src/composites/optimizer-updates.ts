// Optimizer steps fused into one kernel, composed here from elementwise primitives.
import { registerComposition } from '../engine/engine';
import { add, div, mul, sub } from '../ops/binary';
import { sqrt, square } from '../ops/unary';

/**
 * Adam, one primitive per operation, in the order and with the float32 scalars the kernel table
 * specifies: a backend's fused kernel must give these results bit for bit.
 */
registerComposition('adamUpdate', ({ param, grad, m, v }, { alpha, beta1, beta2, epsilon }) => {
  const m2 = add(m, mul(sub(grad, m), 1 - beta1));
  const v2 = add(v, mul(sub(square(grad), v), 1 - beta2));
  const step = div(mul(m2, alpha), add(sqrt(v2), epsilon));
  return [sub(param, step), m2, v2];
});
