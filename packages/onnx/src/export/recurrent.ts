import type { Layer, layers } from '@glia/layers';
import { OnnxExportError } from '../errors';
import { recurrentActivationName } from './activations';
import type { ExportContext, Value } from './context';

type RNNLayer = InstanceType<typeof layers.RNN>;

/** How one recurrent class maps: its ONNX op, and Keras' gate blocks in ONNX's gate order. */
interface RecurrentKind {
  readonly op: 'RNN' | 'LSTM' | 'GRU';
  /** For each ONNX gate block, the Keras block it comes from. */
  readonly gateOrder: readonly number[];
}

// Keras LSTM blocks are i, f, c, o; ONNX's are i, o, f, c. GRU is z, r, h in both.
const KINDS: Readonly<Record<string, RecurrentKind>> = {
  SimpleRNN: { op: 'RNN', gateOrder: [0] },
  LSTM: { op: 'LSTM', gateOrder: [0, 3, 1, 2] },
  GRU: { op: 'GRU', gateOrder: [0, 1, 2] },
};

/** Whether `className` is a recurrent layer this exporter maps. */
export const isRecurrentClass = (className: string): boolean => className in KINDS;

/**
 * A Keras [rows, gates·units] matrix as ONNX's [gates·units, rows], gate blocks reordered: ONNX's
 * W and R are the transposed kernels.
 */
function gatesMajor(
  data: Float32Array,
  rows: number,
  units: number,
  order: readonly number[],
): Float32Array {
  const gates = order.length;
  const out = new Float32Array(rows * gates * units);
  order.forEach((from, to) => {
    for (let u = 0; u < units; u++) {
      for (let r = 0; r < rows; r++) {
        out[(to * units + u) * rows + r] = data[r * gates * units + from * units + u]!;
      }
    }
  });
  return out;
}

/** A Keras bias vector of gate blocks, reordered. */
function reorderBias(data: Float32Array, units: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(order.length * units);
  order.forEach((from, to) => {
    out.set(data.subarray(from * units, (from + 1) * units), to * units);
  });
  return out;
}

interface DirectionWeights {
  w: Float32Array;
  r: Float32Array;
  b: Float32Array;
}

function directionWeights(
  ctx: ExportContext,
  layer: RNNLayer,
  kind: RecurrentKind,
  features: number,
): DirectionWeights {
  const units = layer.cell.units;
  const gates = kind.gateOrder.length;
  const kernel = ctx.weight(layer, 'kernel');
  const recurrent = ctx.weight(layer, 'recurrent_kernel');
  const w = gatesMajor(kernel.data, features, units, kind.gateOrder);
  const r = gatesMajor(recurrent.data, units, units, kind.gateOrder);
  const b = new Float32Array(2 * gates * units);
  if (ctx.hasWeight(layer, 'bias')) {
    const bias = ctx.weight(layer, 'bias');
    if (bias.shape.length === 2) {
      // GRU with resetAfter: rows are the input bias and the recurrent bias (ONNX's Wb and Rb).
      const size = gates * units;
      b.set(reorderBias(bias.data.subarray(0, size), units, kind.gateOrder), 0);
      b.set(reorderBias(bias.data.subarray(size, 2 * size), units, kind.gateOrder), size);
    } else {
      b.set(reorderBias(bias.data, units, kind.gateOrder), 0);
    }
  }
  return { w, r, b };
}

function checkSupported(layer: RNNLayer): void {
  const config = layer.getConfig();
  for (const key of ['stateful', 'returnState'] as const) {
    if (config[key] === true) {
      throw new OnnxExportError(`${layer.className} '${layer.name}': ${key} is not exported`);
    }
  }
}

function activationsOf(layer: RNNLayer, op: RecurrentKind['op']): string[] {
  const config = layer.getConfig();
  const owner = `${layer.className} '${layer.name}'`;
  const act = recurrentActivationName(owner, config.activation);
  if (op === 'RNN') return [act];
  const gate = recurrentActivationName(owner, config.recurrentActivation);
  return op === 'LSTM' ? [gate, act, act] : [gate, act];
}

/**
 * One or two recurrent layers (forward, and backward for Bidirectional) as one ONNX RNN/LSTM/GRU
 * node over [steps, batch, features], with the outputs brought back to batch-first.
 */
export function exportRecurrentNode(
  ctx: ExportContext,
  owner: Layer,
  directions: readonly RNNLayer[],
  x: Value,
  mergeMode: string,
): Value {
  const g = ctx.graph;
  const first = directions[0]!;
  const kind = KINDS[first.className];
  if (!kind)
    throw new OnnxExportError(`${first.className} '${first.name}': no ONNX recurrent node`);
  directions.forEach(checkSupported);
  const features = x.shape[2];
  if (x.shape.length !== 3 || typeof features !== 'number') {
    throw new OnnxExportError(
      `${owner.className} '${owner.name}': expected a [batch, steps, features] input, got ${JSON.stringify(x.shape)}`,
    );
  }
  const units = first.cell.units;
  const gates = kind.gateOrder.length;
  const count = directions.length;
  const parts = directions.map((d) => directionWeights(ctx, d, kind, features));
  const stack = (pick: (p: DirectionWeights) => Float32Array): Float32Array => {
    const size = pick(parts[0]!).length;
    const out = new Float32Array(count * size);
    parts.forEach((p, i) => {
      out.set(pick(p), i * size);
    });
    return out;
  };
  const w = g.addFloat(
    `${owner.name}/W`,
    stack((p) => p.w),
    [count, gates * units, features],
  );
  const r = g.addFloat(
    `${owner.name}/R`,
    stack((p) => p.r),
    [count, gates * units, units],
  );
  const b = g.addFloat(
    `${owner.name}/B`,
    stack((p) => p.b),
    [count, 2 * gates * units],
  );

  // A single layer that goes backwards reads the sequence reversed: a Slice with step -1 before.
  const goBackwards = count === 1 && first.goBackwards;
  if (count === 2 && first.goBackwards) {
    throw new OnnxExportError(
      `Bidirectional '${owner.name}': a goBackwards inner layer is not exported`,
    );
  }
  let steps = g.add('Transpose', [x.name], { perm: { ints: [1, 0, 2] } });
  if (goBackwards) steps = reverseSteps(ctx, steps, owner.name);
  const attrs: Record<string, import('../graph-builder').AttributeValue> = {
    hidden_size: { int: units },
    direction: { string: count === 2 ? 'bidirectional' : 'forward' },
    activations: { strings: directions.flatMap(() => activationsOf(first, kind.op)) },
  };
  if (kind.op === 'GRU') {
    attrs.linear_before_reset = { int: first.getConfig().resetAfter === false ? 0 : 1 };
  }
  const [y, yH] = g.addNode(kind.op, [steps, w, r, b], attrs, {
    name: owner.name,
    outputs: kind.op === 'LSTM' ? 3 : 2,
  });
  const shape = owner.computeOutputShape(x.shape);
  const returnSequences = first.returnSequences;
  if (returnSequences) {
    // Y is [steps, directions, batch, units].
    // (A layer going backwards emits its steps in the order it read them, as Keras does.)
    const seq = y!;
    if (count === 2 && mergeMode !== 'concat') {
      const merged = mergeDirections(ctx, owner, seq, 1, mergeMode);
      return {
        name: g.add('Transpose', [merged], { perm: { ints: [1, 0, 2] } }),
        shape,
        layout: 'channelsLast',
      };
    }
    const batchFirst = g.add('Transpose', [seq], { perm: { ints: [2, 0, 1, 3] } });
    const target = g.addInt64(`${owner.name}/sequence_shape`, [0, 0, -1]);
    return { name: g.add('Reshape', [batchFirst, target]), shape, layout: 'channelsLast' };
  }
  // Y_h is [directions, batch, units].
  if (count === 2 && mergeMode !== 'concat') {
    return { name: mergeDirections(ctx, owner, yH!, 0, mergeMode), shape, layout: 'channelsLast' };
  }
  const batchFirst = g.add('Transpose', [yH!], { perm: { ints: [1, 0, 2] } });
  const target = g.addInt64(`${owner.name}/state_shape`, [0, -1]);
  return { name: g.add('Reshape', [batchFirst, target]), shape, layout: 'channelsLast' };
}

/** Reverses axis 0 (the steps) with a Slice of step -1. */
function reverseSteps(ctx: ExportContext, value: string, owner: string): string {
  const g = ctx.graph;
  return g.add('Slice', [
    value,
    g.addInt64(`${owner}/reverse_starts`, [-1]),
    g.addInt64(`${owner}/reverse_ends`, [Number.MIN_SAFE_INTEGER]),
    g.addInt64(`${owner}/reverse_axes`, [0]),
    g.addInt64(`${owner}/reverse_steps`, [-1]),
  ]);
}

/** Bidirectional's sum/mul/ave merge: a reduction over the directions axis. */
function mergeDirections(
  ctx: ExportContext,
  owner: Layer,
  value: string,
  axis: number,
  mode: string,
): string {
  const g = ctx.graph;
  switch (mode) {
    case 'sum':
      return g.add('ReduceSum', [value, g.addInt64(`${owner.name}/merge_axes`, [axis])], {
        keepdims: { int: 0 },
      });
    case 'mul':
      return g.add('ReduceProd', [value], { axes: { ints: [axis] }, keepdims: { int: 0 } });
    case 'ave':
      return g.add('ReduceMean', [value], { axes: { ints: [axis] }, keepdims: { int: 0 } });
    default:
      throw new OnnxExportError(
        `Bidirectional '${owner.name}': mergeMode ${JSON.stringify(mode)} is not exported: expected concat, sum, mul or ave`,
      );
  }
}
