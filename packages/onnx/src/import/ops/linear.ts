import { add, matMul, mul, reshape, type Tensor, transpose } from '@glia/core';
import { OnnxImportError } from '../../errors';
import { type OpCall, type OpImplementation, optionalTensor, tensorInput } from '../values';

/** a·b with numpy's MatMul rules for the cases models use: rank 2, and rank > 2 times a matrix. */
export function matMulNumpy(owner: string, a: Tensor, b: Tensor): Tensor {
  if (a.rank === 2 && b.rank === 2) return matMul(a, b);
  if (b.rank === 2 && a.rank > 2) {
    const rows = reshape(a, [-1, a.shape[a.rank - 1]!]);
    return reshape(matMul(rows, b), [...a.shape.slice(0, -1), b.shape[1]!]);
  }
  if (a.rank === b.rank && a.rank > 2) return matMul(a, b);
  throw new OnnxImportError(
    `${owner}: MatMul of shapes [${a.shape}] and [${b.shape}] is not supported`,
  );
}

function gemm(call: OpCall): Tensor {
  const a = tensorInput(call, 0);
  const b = tensorInput(call, 1);
  const c = optionalTensor(call, 2);
  const transA = call.attrs.int('transA', 0) === 1;
  const transB = call.attrs.int('transB', 0) === 1;
  const alpha = call.attrs.float('alpha', 1);
  const beta = call.attrs.float('beta', 1);
  let y = matMul(a, b, transA, transB);
  if (alpha !== 1) y = mul(y, alpha);
  if (c) y = add(y, beta === 1 ? c : mul(c, beta));
  return y;
}

export const LINEAR_OPS: Readonly<Record<string, OpImplementation>> = {
  MatMul: (call) => matMulNumpy(call.owner, tensorInput(call, 0), tensorInput(call, 1)),
  Gemm: gemm,
};

/** Transposes an NCHW tensor to NHWC, and back. */
export const toNhwc = (x: Tensor): Tensor => transpose(x, [0, 2, 3, 1]);
export const toNchw = (x: Tensor): Tensor => transpose(x, [0, 3, 1, 2]);
