/**
 * Independent float64 loops for the recurrent tests: each cell's gate equations written out scalar
 * by scalar from Keras' definitions, over row-major [batch, timesteps, features] inputs.
 */

export type CellKind = 'simpleRNN' | 'lstm' | 'gru';

/** Weights as flat row-major arrays, with their sizes. */
export interface ReferenceWeights {
  kernel: ArrayLike<number>;
  recurrentKernel: ArrayLike<number>;
  bias?: ArrayLike<number>;
}

export interface ReferenceOptions {
  kind: CellKind;
  units: number;
  goBackwards?: boolean;
  /** GRU only: bias [2, 3u] and the reset gate after the matrix product. */
  resetAfter?: boolean;
  activation?: (v: number) => number;
  recurrentActivation?: (v: number) => number;
  /** Initial states, each [batch·units]. */
  initialState?: ArrayLike<number>[];
}

export interface ReferenceResult {
  /** [batch][step][unit], in the order the loop ran (reversed when goBackwards). */
  outputs: number[][][];
  /** Final states, each [batch][unit]. */
  states: number[][][];
}

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
export const hardSigmoid = (v: number): number => Math.min(1, Math.max(0, 0.2 * v + 0.5));

/** Runs the cell over `x` [batch, steps, features] in float64. */
export function referenceRecurrent(
  x: ArrayLike<number>,
  [batch, steps, features]: [number, number, number],
  w: ReferenceWeights,
  options: ReferenceOptions,
): ReferenceResult {
  const { kind, units: u } = options;
  const act = options.activation ?? Math.tanh;
  const gate = options.recurrentActivation ?? sigmoid;
  const gates = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
  const cols = gates * u;
  const K = (i: number, j: number): number => w.kernel[i * cols + j]!;
  const R = (i: number, j: number): number => w.recurrentKernel[i * cols + j]!;
  const inBias = (j: number): number => (w.bias ? w.bias[j]! : 0);
  // resetAfter: bias row 1 is the recurrent bias.
  const recBias = (j: number): number => (w.bias && options.resetAfter ? w.bias[cols + j]! : 0);
  const outputs: number[][][] = [];
  const states: number[][][] = [[], []];
  for (let b = 0; b < batch; b++) {
    const init = (s: number): number[] =>
      Array.from({ length: u }, (_, j) => Number(options.initialState?.[s]?.[b * u + j] ?? 0));
    let h = init(0);
    let c = init(1);
    const seq: number[][] = [];
    for (let n = 0; n < steps; n++) {
      const t = options.goBackwards ? steps - 1 - n : n;
      const xt = Array.from({ length: features }, (_, f) =>
        Number(x[(b * steps + t) * features + f]),
      );
      // xw[j] = Σ x·K[:, j] + input bias; hr[j] = Σ h·R[:, j]
      const xw = Array.from({ length: cols }, (_, j) => {
        let s = inBias(j);
        for (let f = 0; f < features; f++) s += xt[f]! * K(f, j);
        return s;
      });
      const hr = (hv: number[], j: number): number => {
        let s = 0;
        for (let k = 0; k < u; k++) s += hv[k]! * R(k, j);
        return s;
      };
      if (kind === 'simpleRNN') {
        h = h.map((_, j) => act(xw[j]! + hr(h, j)));
      } else if (kind === 'lstm') {
        const nextC: number[] = [];
        const nextH: number[] = [];
        for (let j = 0; j < u; j++) {
          const i = gate(xw[j]! + hr(h, j));
          const f = gate(xw[u + j]! + hr(h, u + j));
          const g = act(xw[2 * u + j]! + hr(h, 2 * u + j));
          const o = gate(xw[3 * u + j]! + hr(h, 3 * u + j));
          nextC[j] = f * c[j]! + i * g;
          nextH[j] = o * act(nextC[j]!);
        }
        c = nextC;
        h = nextH;
      } else {
        const z = h.map((_, j) => gate(xw[j]! + hr(h, j) + recBias(j)));
        const r = h.map((_, j) => gate(xw[u + j]! + hr(h, u + j) + recBias(u + j)));
        const candidate = h.map((_, j) => {
          if (options.resetAfter)
            return act(xw[2 * u + j]! + r[j]! * (hr(h, 2 * u + j) + recBias(2 * u + j)));
          const rh = h.map((hv, k) => r[k]! * hv);
          return act(xw[2 * u + j]! + hr(rh, 2 * u + j));
        });
        h = h.map((hv, j) => z[j]! * hv + (1 - z[j]!) * candidate[j]!);
      }
      seq.push([...h]);
    }
    outputs.push(seq);
    states[0]!.push(h);
    states[1]!.push(c);
  }
  return { outputs, states: kind === 'lstm' ? states : [states[0]!] };
}

/** The last output of each sequence, flattened [batch·units]. */
export function lastOutputs(result: ReferenceResult): number[] {
  return result.outputs.flatMap((seq) => seq[seq.length - 1]!);
}

/** Every output, flattened [batch·steps·units]. */
export function allOutputs(result: ReferenceResult): number[] {
  return result.outputs.flatMap((seq) => seq.flat());
}
