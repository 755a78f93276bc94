import { SELU_ALPHA, SELU_SCALE } from '@glia/core';
import { OnnxExportError } from '../errors';
import type { GraphBuilder } from '../graph-builder';
import type { ExportContext, Value } from './context';

const normalize = (name: string): string => name.replace(/_/g, '').toLowerCase();

/** Writes one activation's nodes on `x` and returns the output's name. */
type ActivationNodes = (g: GraphBuilder, x: string) => string;

const swish: ActivationNodes = (g, x) => g.add('Mul', [x, g.add('Sigmoid', [x])]);

/**
 * Each activation this exporter writes, by normalized name (`leakyRelu` → `leakyrelu`), with the
 * ONNX nodes that compute it.
 */
const ACTIVATION_NODES: Readonly<Record<string, ActivationNodes>> = {
  linear: (_g, x) => x,
  relu: (g, x) => g.add('Relu', [x]),
  relu6: (g, x) => {
    const lo = g.addFloat('relu6_min', new Float32Array([0]), []);
    const hi = g.addFloat('relu6_max', new Float32Array([6]), []);
    return g.add('Clip', [x, lo, hi]);
  },
  sigmoid: (g, x) => g.add('Sigmoid', [x]),
  tanh: (g, x) => g.add('Tanh', [x]),
  leakyrelu: (g, x) => g.add('LeakyRelu', [x], { alpha: { float: 0.2 } }),
  elu: (g, x) => g.add('Elu', [x], { alpha: { float: 1 } }),
  selu: (g, x) =>
    g.add('Selu', [x], { alpha: { float: SELU_ALPHA }, gamma: { float: SELU_SCALE } }),
  gelu: (g, x) => {
    // x·Φ(x) = 0.5·x·(1 + erf(x/√2)); opset 17 has no Gelu node.
    const root2 = g.addFloat('gelu_sqrt2', new Float32Array([Math.SQRT2]), []);
    const one = g.addFloat('gelu_one', new Float32Array([1]), []);
    const half = g.addFloat('gelu_half', new Float32Array([0.5]), []);
    const erf = g.add('Erf', [g.add('Div', [x, root2])]);
    const phi = g.add('Mul', [g.add('Add', [erf, one]), half]);
    return g.add('Mul', [x, phi]);
  },
  softmax: (g, x) => g.add('Softmax', [x], { axis: { int: -1 } }),
  softplus: (g, x) => g.add('Softplus', [x]),
  swish,
  silu: swish,
};

/** The activations this exporter writes, by normalized name. */
export const EXPORTABLE_ACTIVATIONS: readonly string[] = Object.keys(ACTIVATION_NODES);

/** Whether an activation works on each element alone (so it runs in any layout). */
const elementwise = (name: string): boolean => name !== 'softmax';

/**
 * Appends the nodes of activation `name` (as Glia's getConfig spells it) to `v`; `owner` names the
 * layer in errors.
 */
export function exportActivation(
  ctx: ExportContext,
  owner: string,
  name: unknown,
  input: Value,
): Value {
  const key = normalize(typeof name === 'string' ? name : 'linear');
  const nodes = Object.hasOwn(ACTIVATION_NODES, key) ? ACTIVATION_NODES[key] : undefined;
  if (nodes === undefined) {
    throw new OnnxExportError(
      `${owner}: activation ${JSON.stringify(name)} has no ONNX mapping: expected one of ${EXPORTABLE_ACTIVATIONS.join(', ')}`,
    );
  }
  const v = elementwise(key) ? input : ctx.nhwc(input);
  return { name: nodes(ctx.graph, v.name), shape: v.shape, layout: v.layout };
}

/** ONNX's name for a recurrent gate activation (the `activations` attribute of RNN/LSTM/GRU). */
export function recurrentActivationName(owner: string, name: unknown): string {
  switch (normalize(typeof name === 'string' ? name : 'linear')) {
    case 'sigmoid':
      return 'Sigmoid';
    case 'tanh':
      return 'Tanh';
    case 'relu':
      return 'Relu';
    case 'hardsigmoid':
      // ONNX's defaults (alpha 0.2, beta 0.5) are Keras' hard sigmoid.
      return 'HardSigmoid';
    default:
      throw new OnnxExportError(
        `${owner}: recurrent activation ${JSON.stringify(name)} has no ONNX mapping: expected sigmoid, hardSigmoid, tanh or relu`,
      );
  }
}
