// The fused layer kernels, composed from the kernels they fuse.
import { registerComposition, runKernel } from '../engine/engine';
import type { FusedActivation } from '../kernels/kernel-table';
import { add } from '../ops/binary';
import { reshape } from '../ops/reshape';
import { relu } from '../ops/unary';
import type { Tensor } from '../tensor/tensor';

function activate(z: Tensor, activation: FusedActivation): Tensor {
  return activation === 'relu' ? relu(z) : z;
}

registerComposition('fusedConv2d', ({ x, filter, bias }, { activation, ...attrs }) =>
  activate(add(runKernel('conv2d', { x, filter }, attrs), bias), activation),
);

registerComposition('fusedMatMul', ({ a, b, bias }, { transposeA, transposeB, activation }) => {
  const product = runKernel(
    'batchMatMul',
    { a: reshape(a, [1, ...a.shape]), b: reshape(b, [1, ...b.shape]) },
    { transposeA, transposeB },
  );
  return activate(add(reshape(product, product.shape.slice(1)), bias), activation);
});
