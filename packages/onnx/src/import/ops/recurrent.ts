import {
  add,
  clipByValue,
  matMul,
  mul,
  relu,
  reshape,
  sigmoid,
  slice,
  split,
  stack,
  sub,
  type Tensor,
  tanh,
  transpose,
  zeros,
} from '@glia/core';
import { OnnxImportError } from '../../errors';
import { hostInput, type OpImplementation, optionalTensor, tensorInput } from '../values';

type Kind = 'RNN' | 'LSTM' | 'GRU';
const GATES: Readonly<Record<Kind, number>> = { RNN: 1, LSTM: 4, GRU: 3 };
const DEFAULT_ACTIVATIONS: Readonly<Record<Kind, readonly string[]>> = {
  RNN: ['Tanh'],
  LSTM: ['Sigmoid', 'Tanh', 'Tanh'],
  GRU: ['Sigmoid', 'Tanh'],
};

function activation(owner: string, name: string): (x: Tensor) => Tensor {
  switch (name) {
    case 'Sigmoid':
      return sigmoid;
    case 'Tanh':
      return tanh;
    case 'Relu':
      return relu;
    case 'HardSigmoid':
      return (x) => clipByValue(add(mul(x, 0.2), 0.5), 0, 1);
    default:
      throw new OnnxImportError(
        `${owner}: recurrent activation '${name}' is not supported: expected Sigmoid, Tanh, Relu or HardSigmoid`,
      );
  }
}

/** One direction's matrices: W and R transposed to [in, gates·units], the two biases. */
interface Direction {
  wt: Tensor;
  rt: Tensor;
  wb: Tensor;
  rb: Tensor;
}

function direction(
  w: Tensor,
  r: Tensor,
  b: Tensor | undefined,
  d: number,
  size: number,
): Direction {
  const [, rows, features] = w.shape as [number, number, number];
  const units = r.shape[2]!;
  const wt = transpose(reshape(slice(w, [d, 0, 0], [1, rows, features]), [rows, features]));
  const rt = transpose(reshape(slice(r, [d, 0, 0], [1, rows, units]), [rows, units]));
  const bias = b ? reshape(slice(b, [d, 0], [1, 2 * size]), [2 * size]) : zeros([2 * size]);
  const [wb, rb] = split(bias, 2, 0) as [Tensor, Tensor];
  return { wt, rt, wb, rb };
}

/** ONNX RNN, LSTM and GRU (layout 0: [steps, batch, features]), step by step with core's ops. */
function recurrent(kind: Kind): OpImplementation {
  return (call) => {
    const owner = call.owner;
    const a = call.attrs;
    if (a.int('layout', 0) !== 0) throw new OnnxImportError(`${owner}: layout 1 is not supported`);
    if (a.has('clip')) throw new OnnxImportError(`${owner}: clip is not supported`);
    if (a.int('input_forget', 0) !== 0)
      throw new OnnxImportError(`${owner}: input_forget is not supported`);
    if (kind === 'LSTM' && call.inputs[7] !== undefined)
      throw new OnnxImportError(`${owner}: peephole weights (P) are not supported`);
    const x = tensorInput(call, 0);
    const w = tensorInput(call, 1);
    const r = tensorInput(call, 2);
    const b = optionalTensor(call, 3);
    const [steps, batch, features] = x.shape as [number, number, number];
    const lengths = call.inputs[4] === undefined ? undefined : hostInput(call, 4);
    if (lengths?.some((l) => l !== steps))
      throw new OnnxImportError(
        `${owner}: sequence_lens shorter than the sequence is not supported`,
      );
    const units = a.int('hidden_size', r.shape[2]!);
    const gates = GATES[kind];
    const size = gates * units;
    const mode = a.string('direction', 'forward');
    const count = mode === 'bidirectional' ? 2 : 1;
    if (w.shape[0] !== count || w.shape[1] !== size || w.shape[2] !== features) {
      throw new OnnxImportError(
        `${owner}: W has shape [${w.shape}]: expected [${count}, ${size}, ${features}]`,
      );
    }
    const names = a.strings('activations', []);
    const perDirection = DEFAULT_ACTIVATIONS[kind].length;
    const initialH = optionalTensor(call, 5);
    const initialC = kind === 'LSTM' ? optionalTensor(call, 6) : undefined;
    const linearBeforeReset = a.int('linear_before_reset', 0) === 1;
    const ys: Tensor[][] = Array.from({ length: steps }, () => []);
    const lastH: Tensor[] = [];
    const lastC: Tensor[] = [];
    for (let d = 0; d < count; d++) {
      const acts = DEFAULT_ACTIVATIONS[kind].map((fallback, i) =>
        activation(owner, names[d * perDirection + i] ?? (names.length > 0 ? names[i]! : fallback)),
      );
      const m = direction(w, r, b, d, size);
      const projected = add(
        reshape(matMul(reshape(x, [steps * batch, features]), m.wt), [steps, batch, size]),
        m.wb,
      );
      let h = initialH
        ? reshape(slice(initialH, [d, 0, 0], [1, batch, units]), [batch, units])
        : zeros([batch, units]);
      let c = initialC
        ? reshape(slice(initialC, [d, 0, 0], [1, batch, units]), [batch, units])
        : zeros([batch, units]);
      const backwards = mode === 'reverse' || d === 1;
      for (let k = 0; k < steps; k++) {
        const t = backwards ? steps - 1 - k : k;
        const xt = reshape(slice(projected, [t, 0, 0], [1, batch, size]), [batch, size]);
        if (kind === 'RNN') {
          h = acts[0]!(add(xt, add(matMul(h, m.rt), m.rb)));
        } else if (kind === 'LSTM') {
          const [i, o, f, cc] = split(add(xt, add(matMul(h, m.rt), m.rb)), 4, 1) as [
            Tensor,
            Tensor,
            Tensor,
            Tensor,
          ];
          const [gate, cell, out] = acts as [
            (v: Tensor) => Tensor,
            (v: Tensor) => Tensor,
            (v: Tensor) => Tensor,
          ];
          c = add(mul(gate(f), c), mul(gate(i), cell(cc)));
          h = mul(gate(o), out(c));
        } else {
          h = gruStep(acts, xt, h, m, linearBeforeReset);
        }
        ys[t]!.push(h);
      }
      lastH.push(h);
      lastC.push(c);
    }
    const y = stack(
      ys.map((perDir) => stack(perDir, 0)),
      0,
    );
    const outputs = [y, stack(lastH, 0)];
    if (kind === 'LSTM') outputs.push(stack(lastC, 0));
    return outputs;
  };
}

function gruStep(
  acts: ((v: Tensor) => Tensor)[],
  xt: Tensor,
  h: Tensor,
  m: Direction,
  linearBeforeReset: boolean,
): Tensor {
  const [gate, candidate] = acts as [(v: Tensor) => Tensor, (v: Tensor) => Tensor];
  const [xz, xr, xh] = split(xt, 3, 1) as [Tensor, Tensor, Tensor];
  const [rz, rr, rh] = split(m.rt, 3, 1) as [Tensor, Tensor, Tensor];
  const [bz, br, bh] = split(m.rb, 3, 0) as [Tensor, Tensor, Tensor];
  const z = gate(add(xz, add(matMul(h, rz), bz)));
  const reset = gate(add(xr, add(matMul(h, rr), br)));
  const hh = linearBeforeReset
    ? candidate(add(xh, mul(reset, add(matMul(h, rh), bh))))
    : candidate(add(xh, add(matMul(mul(reset, h), rh), bh)));
  // (1 - z)·ĥ + z·h
  return add(mul(sub(1, z), hh), mul(z, h));
}

export const RECURRENT_OPS: Readonly<Record<string, OpImplementation>> = {
  RNN: recurrent('RNN'),
  LSTM: recurrent('LSTM'),
  GRU: recurrent('GRU'),
};
