// Registers core's default compositions of the composite kernels (see kernel-table.ts): a backend
// that implements only the primitive kernels runs every composite kernel through these.
import { registerComposition, shareData } from '../engine/engine';
import './activation-gradients';
import './activations';
import './batch-norm';
import './conv2d';
import './fused';
import './movement';
import './optimizer-updates';
import './pool';
import './reductions';
import './softmax';

registerComposition('reshape', ({ x }, { shape }) => shareData(x, shape));
registerComposition('identity', ({ x }) => shareData(x, x.shape));
