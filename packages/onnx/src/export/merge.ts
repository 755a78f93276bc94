import type { Layer, layers, SymbolicShape } from '@glia/layers';
import { OnnxExportError } from '../errors';
import type { ExportContext, Value } from './context';

type Concatenate = InstanceType<typeof layers.Concatenate>;
type Dot = InstanceType<typeof layers.Dot>;

/** Appends a merge layer's nodes for its inputs and returns its output value. */
export type MergeExporter = (ctx: ExportContext, layer: Layer, xs: readonly Value[]) => Value;

/** Where each channels-last axis of a rank-4 value sits channels-first ([N,H,W,C] -> [N,C,H,W]). */
const NCHW_AXIS_OF_NHWC = [0, 2, 3, 1];

/**
 * The inputs in one layout: channels-first when every one is (so a merge between NCHW nodes needs
 * no Transposes), else channels-last.
 */
function sameLayout(ctx: ExportContext, xs: readonly Value[]): Value[] {
  return xs.every((x) => x.layout === 'channelsFirst') ? [...xs] : xs.map((x) => ctx.nhwc(x));
}

/** The merged value: `name` in the inputs' layout, of the layer's output shape. */
function merged(layer: Layer, name: string, xs: readonly Value[]): Value {
  const [output] = layer.outputShapesFor(xs.map((x) => x.shape));
  return { name, shape: output as SymbolicShape, layout: xs[0]!.layout };
}

/**
 * An element-wise merge as one variadic ONNX node (Mean, Max, Min take any number of inputs
 * and broadcast as Keras does), or a chain of binary ones in Glia's order (Add, Sub, Mul).
 */
function elementwise(opType: string, variadic: boolean): MergeExporter {
  return (ctx, layer, inputs) => {
    const xs = sameLayout(ctx, inputs);
    const names = xs.map((x) => x.name);
    let name: string;
    if (variadic) name = ctx.graph.add(opType, names, {}, layer.name);
    else {
      name = names[0]!;
      for (let i = 1; i < names.length; i++) {
        name = ctx.graph.add(
          opType,
          [name, names[i]!],
          {},
          i === names.length - 1 ? layer.name : undefined,
        );
      }
    }
    return merged(layer, name, xs);
  };
}

/** Concatenate: one Concat node, its axis counted in the layout the inputs have in the graph. */
function exportConcatenate(ctx: ExportContext, layer: Layer, inputs: readonly Value[]): Value {
  const xs = sameLayout(ctx, inputs);
  const rank = xs[0]!.shape.length;
  const given = (layer as Concatenate).axis;
  const axis = given < 0 ? rank + given : given;
  const physical = xs[0]!.layout === 'channelsFirst' ? NCHW_AXIS_OF_NHWC[axis]! : axis;
  const name = ctx.graph.add(
    'Concat',
    xs.map((x) => x.name),
    { axis: { int: physical } },
    layer.name,
  );
  return merged(layer, name, xs);
}

/**
 * Keras' l2_normalize along `axis`: x / sqrt(max(sum(x²), 1e-12)), op for op as Glia computes it
 * (ONNX's LpNormalization has no epsilon, so it differs on all-zero rows).
 */
function l2Normalize(ctx: ExportContext, owner: string, x: string, axis: number): string {
  const g = ctx.graph;
  const squares = g.add('Mul', [x, x]);
  const sum = g.add('ReduceSum', [squares, g.addInt64(`${owner}/normalize_axes`, [axis])], {
    keepdims: { int: 1 },
  });
  const floor = g.add('Max', [sum, g.addFloat(`${owner}/epsilon`, new Float32Array([1e-12]), [])]);
  return g.add('Div', [x, g.add('Sqrt', [floor])]);
}

/**
 * Dot: rank 2 as ReduceSum(Mul(a, b)) over the features; rank 3 as MatMul with each input
 * transposed so that its contracted axis meets the other's (as Glia's matMul with transpose flags).
 * With `normalize`, each input is L2-normalized along its axis first.
 */
function exportDot(ctx: ExportContext, layer: Layer, inputs: readonly Value[]): Value {
  const g = ctx.graph;
  const dot = layer as Dot;
  const [a, b] = inputs.map((x) => ctx.nhwc(x)) as [Value, Value];
  const rank = a.shape.length;
  if (rank !== 2 && rank !== 3) {
    throw new OnnxExportError(
      `Dot '${layer.name}': inputs of rank ${rank} have no ONNX form here: expected rank 2 or 3`,
    );
  }
  const given = Array.isArray(dot.axes) ? dot.axes : [dot.axes, dot.axes];
  const [i, j] = given.map((axis) => (axis < 0 ? rank + axis : axis)) as [number, number];
  let left = a.name;
  let right = b.name;
  if (dot.normalize) {
    left = l2Normalize(ctx, `${layer.name}/a`, left, i);
    right = l2Normalize(ctx, `${layer.name}/b`, right, j);
  }
  let name: string;
  if (rank === 2) {
    const product = g.add('Mul', [left, right]);
    name = g.add('ReduceSum', [product, g.addInt64(`${layer.name}/axes`, [1])], {
      keepdims: { int: 1 },
    });
  } else {
    const swap = { perm: { ints: [0, 2, 1] } };
    if (i === 1) left = g.add('Transpose', [left], swap);
    if (j === 2) right = g.add('Transpose', [right], swap);
    name = g.add('MatMul', [left, right], {}, layer.name);
  }
  return merged(layer, name, [a, b]);
}

/** The merge layers `toOnnx` maps, by class name. */
export const MERGE_EXPORTERS: ReadonlyMap<string, MergeExporter> = new Map([
  ['Add', elementwise('Add', false)],
  ['Subtract', elementwise('Sub', false)],
  ['Multiply', elementwise('Mul', false)],
  ['Average', elementwise('Mean', true)],
  ['Maximum', elementwise('Max', true)],
  ['Minimum', elementwise('Min', true)],
  ['Concatenate', exportConcatenate],
  ['Dot', exportDot],
]);
