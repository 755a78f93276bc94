// The elementwise gradients of relu, sigmoid and tanh, composed as autograd wrote them before they
// became kernels: the same primitives in the same order, so the numerics are unchanged.
import { registerComposition } from '../engine/engine';
import { greater, mul, sub } from '../ops/binary';
import { cast } from '../ops/cast';
import { square } from '../ops/unary';

// dy * 1 or dy * 0: NaN and infinite dy stay NaN where x <= 0, as a multiply gives.
registerComposition('reluGrad', ({ dy, x }) => mul(dy, cast(greater(x, 0), 'float32')));

registerComposition('sigmoidGrad', ({ dy, y }) => mul(dy, mul(y, sub(1, y))));

registerComposition('tanhGrad', ({ dy, y }) => mul(dy, sub(1, square(y))));
