import { OnnxExportError } from '../errors';
import type { ExportContext, Value } from './context';

// Core's SELU constants (Klambauer et al.), written out so ONNX computes with Glia's values.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const normalize = (name: string): string => name.replace(/_/g, '').toLowerCase();

/** The activations this exporter writes, by normalized name. */
export const EXPORTABLE_ACTIVATIONS: readonly string[] = [
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'tanh',
  'leakyrelu',
  'elu',
  'selu',
  'gelu',
  'softmax',
  'softplus',
  'swish',
  'silu',
];

/** Whether an activation works on each element alone (so it runs in any layout). */
const elementwise = (name: string): boolean => normalize(name) !== 'softmax';

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
  const g = ctx.graph;
  const key = normalize(typeof name === 'string' ? name : 'linear');
  const v = elementwise(key) ? input : ctx.nhwc(input);
  const out = (n: string): Value => ({ name: n, shape: v.shape, layout: v.layout });
  switch (key) {
    case 'linear':
      return v;
    case 'relu':
      return out(g.add('Relu', [v.name]));
    case 'relu6': {
      const lo = g.addFloat('relu6_min', new Float32Array([0]), []);
      const hi = g.addFloat('relu6_max', new Float32Array([6]), []);
      return out(g.add('Clip', [v.name, lo, hi]));
    }
    case 'sigmoid':
      return out(g.add('Sigmoid', [v.name]));
    case 'tanh':
      return out(g.add('Tanh', [v.name]));
    case 'leakyrelu':
      return out(g.add('LeakyRelu', [v.name], { alpha: { float: 0.2 } }));
    case 'elu':
      return out(g.add('Elu', [v.name], { alpha: { float: 1 } }));
    case 'selu':
      return out(
        g.add('Selu', [v.name], { alpha: { float: SELU_ALPHA }, gamma: { float: SELU_SCALE } }),
      );
    case 'gelu': {
      // x·Φ(x) = 0.5·x·(1 + erf(x/√2)); opset 17 has no Gelu node.
      const root2 = g.addFloat('gelu_sqrt2', new Float32Array([Math.SQRT2]), []);
      const one = g.addFloat('gelu_one', new Float32Array([1]), []);
      const half = g.addFloat('gelu_half', new Float32Array([0.5]), []);
      const erf = g.add('Erf', [g.add('Div', [v.name, root2])]);
      const phi = g.add('Mul', [g.add('Add', [erf, one]), half]);
      return out(g.add('Mul', [v.name, phi]));
    }
    case 'softmax':
      return out(g.add('Softmax', [v.name], { axis: { int: -1 } }));
    case 'softplus':
      return out(g.add('Softplus', [v.name]));
    case 'swish':
    case 'silu':
      return out(g.add('Mul', [v.name, g.add('Sigmoid', [v.name])]));
    default:
      throw new OnnxExportError(
        `${owner}: activation ${JSON.stringify(name)} has no ONNX mapping: expected one of ${EXPORTABLE_ACTIVATIONS.join(', ')}`,
      );
  }
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
