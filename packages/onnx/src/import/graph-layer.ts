import { dispose, type Tensor, tensor, tidy, ValueError } from '@glia/core';
import { type CallContext, Layer, type LayerArgs, type SymbolicShape } from '@glia/layers';
import { OnnxImportError } from '../errors';
import { Attributes } from './attributes';
import { IMPORT_OPS } from './ops/index';
import type { ParsedGraph } from './parse-model';
import type { TensorData } from './tensor-data';
import { type GraphTensor, HOST_INPUTS, host, isHost } from './values';

/** The inputs of BatchNormalization that are statistics, not trained parameters. */
const STATISTICS: Readonly<Record<string, readonly number[]>> = { BatchNormalization: [3, 4] };

type Role = 'host' | 'constant' | 'trainable' | 'statistic';

/**
 * How each float initializer is held: settings read only as settings (Resize scales, Clip bounds)
 * stay on the host; scalars (rank 0) are constants; BatchNormalization statistics are non-trainable
 * weights; everything else is a trainable weight.
 */
function initializerRoles(graph: ParsedGraph): Map<string, Role> {
  const uses = new Map<string, { host: boolean; statistic: boolean }>();
  for (const node of graph.nodes) {
    (node.input ?? []).forEach((name, i) => {
      if (!graph.initializers.has(name)) return;
      const use = uses.get(name) ?? { host: true, statistic: true };
      use.host &&= HOST_INPUTS[node.opType ?? '']?.includes(i) ?? false;
      use.statistic &&= STATISTICS[node.opType ?? '']?.includes(i) ?? false;
      uses.set(name, use);
    });
  }
  const roles = new Map<string, Role>();
  for (const [name, data] of graph.initializers) {
    const use = uses.get(name);
    if (data.kind === 'int' || use?.host) roles.set(name, 'host');
    else if (data.dims.length === 0) roles.set(name, 'constant');
    else roles.set(name, use?.statistic ? 'statistic' : 'trainable');
  }
  return roles;
}

const constantInitializer = (data: TensorData) => ({
  className: 'OnnxInitializer',
  apply: (shape: readonly number[]) => tensor(data.data as Float32Array, [...shape]),
  getConfig: () => ({}),
});

/** `OnnxGraph` settings. */
export interface OnnxGraphArgs extends LayerArgs {
  graph: ParsedGraph;
}

/**
 * An imported ONNX graph as one Glia layer: it runs the graph's nodes with core's ops (so every
 * backend runs it and autograd differentiates it), and holds the float initializers as weights, so
 * the model fine-tunes with `fit`. NCHW graphs (PyTorch's) keep their own layout.
 */
export class OnnxGraph extends Layer {
  static override readonly className: string = 'OnnxGraph';
  readonly graph: ParsedGraph;
  private readonly values = new Map<string, GraphTensor>();

  constructor(args: OnnxGraphArgs) {
    super(args);
    this.graph = args.graph;
  }

  override build(inputShape: SymbolicShape): void {
    const roles = initializerRoles(this.graph);
    for (const [name, data] of this.graph.initializers) {
      const role = roles.get(name)!;
      if (role === 'host') {
        this.values.set(
          name,
          host([...data.data], data.dims, data.kind === 'int' ? 'int32' : 'float32'),
        );
      } else if (role === 'constant') {
        this.values.set(name, tensor(data.data as Float32Array, data.dims));
      } else {
        const v = this.addWeight(name, data.dims, constantInitializer(data), {
          trainable: role === 'trainable',
        });
        this.values.set(name, v);
      }
    }
    super.build(inputShape);
  }

  /** One output shape per graph output: its declared dims, with the inputs' batch size. */
  override outputShapesFor(shapes: readonly SymbolicShape[]): SymbolicShape[] {
    return this.graph.outputs.map((o) => {
      if (!o.dims)
        throw new OnnxImportError(
          `OnnxGraph '${this.name}': the graph output '${o.name}' declares no shape`,
        );
      return [shapes[0]?.[0] ?? null, ...o.dims.slice(1)];
    });
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return this.outputShapesFor([inputShape])[0]!;
  }

  /** One symbolic input per graph input, each checked against the dims the graph declares. */
  protected override buildForInputs(shapes: readonly SymbolicShape[]): void {
    const declared = this.graph.inputs;
    if (shapes.length !== declared.length) {
      throw new ValueError(
        `OnnxGraph '${this.name}': got ${shapes.length} inputs: the graph takes ${declared.length} (${declared.map((v) => v.name).join(', ')})`,
      );
    }
    shapes.forEach((shape, i) => {
      const dims = declared[i]!.dims;
      const fits =
        !dims ||
        (dims.length === shape.length &&
          dims.every((d, j) => j === 0 || d === null || shape[j] === null || d === shape[j]));
      if (!fits) {
        throw new ValueError(
          `OnnxGraph '${this.name}': input '${declared[i]!.name}' has shape ${JSON.stringify(shape)}: the graph declares ${JSON.stringify(dims)}`,
        );
      }
    });
    if (!this.built) this.build([...shapes[0]!]);
  }

  /** Every graph output, for one tensor per graph input (graph models call it). */
  override runNode(inputs: readonly Tensor[], context: CallContext, logits = false): Tensor[] {
    if (inputs.length === 1 && this.graph.outputs.length === 1)
      return super.runNode(inputs, context, logits);
    return this.run(inputs);
  }

  protected override callMany(inputs: readonly Tensor[]): Tensor {
    const outputs = this.run(inputs);
    if (outputs.length !== 1) {
      dispose(outputs);
      throw new ValueError(
        `OnnxGraph '${this.name}'.apply: the graph has ${outputs.length} outputs: use the model's predict, which returns them all`,
      );
    }
    return outputs[0]!;
  }

  protected call(input: Tensor, _context: CallContext): Tensor {
    return this.callMany([input]);
  }

  /** Runs the graph's nodes on one tensor per graph input; returns every graph output. */
  private run(inputs: readonly Tensor[]): Tensor[] {
    if (inputs.length !== this.graph.inputs.length) {
      throw new ValueError(
        `OnnxGraph '${this.name}': got ${inputs.length} inputs: the graph takes ${this.graph.inputs.length}`,
      );
    }
    return tidy(() => {
      const env = new Map<string, GraphTensor>(this.values);
      this.graph.inputs.forEach((v, i) => {
        env.set(v.name, inputs[i]!);
      });
      for (const node of this.graph.nodes) {
        const opType = node.opType ?? '';
        const owner = `fromOnnx: node '${node.name ?? ''}' (${opType})`;
        const run = IMPORT_OPS.get(opType)!;
        const args = (node.input ?? []).map((name) => (name ? env.get(name) : undefined));
        const result = run({
          owner,
          inputs: args,
          attrs: new Attributes(owner, node.attribute),
          opset: this.graph.opset,
        });
        const outputs = Array.isArray(result) ? result : [result];
        (node.output ?? []).forEach((name, i) => {
          if (!name) return;
          const value = outputs[i];
          if (value === undefined)
            throw new OnnxImportError(`${owner}: output ${i} ('${name}') is not supported`);
          env.set(name, value);
        });
      }
      return this.graph.outputs.map((o) => {
        const out = env.get(o.name);
        if (out === undefined)
          throw new OnnxImportError(`fromOnnx: the graph output '${o.name}' was not computed`);
        return isHost(out) ? tensor([...out.data], [...out.dims], out.dtype) : out.clone();
      });
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), onnxGraph: this.graph.name };
  }

  override dispose(): void {
    super.dispose();
    for (const [name, v] of this.values) {
      if (!isHost(v) && !this.weights.some((w) => w.variable === v)) dispose(v);
      this.values.delete(name);
    }
  }
}
