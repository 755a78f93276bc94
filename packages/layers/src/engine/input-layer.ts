/**
 * The entry of a graph model: `input({ shape })` makes an `InputLayer` and returns its symbolic
 * output, as Keras' `Input` / TF.js' `tf.input`.
 */
import { checkOptions, type DType, type Tensor, ValueError } from '@glia/core';
import { type ConstructibleLayer, Layer } from './layer';
import { Node, type SymbolicTensor } from './node';
import type { SymbolicShape } from './symbolic-shape';

/** `input()` settings. */
export interface InputArgs {
  /** The shape of one example, without the batch dimension (`null` = any size). */
  shape?: (number | null)[];
  /** The whole shape, batch first; instead of `shape`. */
  batchShape?: SymbolicShape;
  /** With `shape`: a fixed batch size. */
  batchSize?: number;
  /** Default 'float32'. */
  dtype?: DType;
  /** Default `input_layer`, `input_layer_1`, ... */
  name?: string;
}

const INPUT_KEYS = Object.keys({
  shape: true,
  batchShape: true,
  batchSize: true,
  dtype: true,
  name: true,
} satisfies Record<keyof InputArgs, true>);
const INPUT_FORM = 'input({ shape | batchShape, batchSize?, dtype?, name? })';
const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** The arguments of the `InputLayer` constructor. */
export interface InputLayerArgs {
  /** The whole input shape, batch first (`null` = any size). */
  batchInputShape: SymbolicShape;
  dtype?: DType;
  name?: string;
}

/** The layer behind a graph model's input: it passes its tensor through. */
export class InputLayer extends Layer {
  static override readonly className = 'InputLayer';

  constructor(args: InputLayerArgs) {
    super({
      batchInputShape: args.batchInputShape,
      ...(args.dtype === undefined ? {} : { dtype: args.dtype }),
      ...(args.name === undefined ? {} : { name: args.name }),
    });
    this.build(args.batchInputShape);
    const node = new Node<Layer>(this, this.name, [], [args.batchInputShape], this.dtype);
    this.inboundNodes.push(node);
  }

  /** Its symbolic tensor. */
  get output(): SymbolicTensor<Layer> {
    return this.inboundNodes[0]!.outputs[0]!;
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
  }

  protected call(input: Tensor): Tensor {
    return input;
  }

  override getConfig(): Record<string, unknown> {
    return {
      batchInputShape: this.batchInputShape,
      dtype: this.dtype,
      sparse: false,
      name: this.name,
    };
  }

  /** From a saved config (TF.js / Keras 2 `batch_input_shape`, Keras 3 `batch_shape`). */
  static override fromConfig<T extends Layer>(
    this: ConstructibleLayer<T>,
    config: Record<string, unknown>,
  ): T {
    const owner = 'InputLayer.fromConfig';
    for (const key of Object.keys(config)) {
      if (!['batchInputShape', 'batchShape', 'dtype', 'sparse', 'ragged', 'name'].includes(key))
        throw new ValueError(
          `${owner}: unknown config field '${key}': expected only batchInputShape, dtype, sparse, name`,
        );
    }
    for (const key of ['sparse', 'ragged']) {
      if (config[key] !== undefined && config[key] !== false && config[key] !== null)
        throw new ValueError(`${owner}: ${key} inputs are not supported: expected false`);
    }
    const shape = config.batchInputShape ?? config.batchShape;
    const args: InputLayerArgs = {
      batchInputShape: checkShape(owner, 'batchInputShape', shape),
      ...(config.dtype === undefined ? {} : { dtype: checkDType(owner, config.dtype) }),
      ...(config.name === undefined ? {} : { name: String(config.name) }),
    };
    return new this(args as never);
  }
}

function checkShape(owner: string, what: string, shape: unknown): SymbolicShape {
  if (
    !Array.isArray(shape) ||
    shape.length === 0 ||
    !shape.every((d) => d === null || (Number.isInteger(d) && d > 0))
  ) {
    throw new ValueError(
      `${owner}: ${what} must be an array of positive whole numbers or null, got ${JSON.stringify(shape)}`,
    );
  }
  return shape as SymbolicShape;
}

function checkDType(owner: string, dtype: unknown): DType {
  if (!DTYPES.includes(dtype as DType))
    throw new ValueError(
      `${owner}: dtype ${JSON.stringify(dtype)}: expected float32, int32 or bool`,
    );
  return dtype as DType;
}

/**
 * A graph model's input: a symbolic tensor to apply layers to, then pass to `model({ inputs })`.
 *
 * ```ts
 * const x = input({ shape: [28, 28, 1] });
 * const y = layers.flatten().apply(x);
 * ```
 */
export function input(args: InputArgs, ...extra: never[]): SymbolicTensor<Layer> {
  const owner = 'input';
  if (extra.length > 0)
    throw new ValueError(
      `${owner}: got ${extra.length + 1} arguments, expected one options object: ${INPUT_FORM}`,
    );
  checkOptions(owner, INPUT_FORM, args, INPUT_KEYS);
  if ((args.shape === undefined) === (args.batchShape === undefined))
    throw new ValueError(`${owner}: give shape (one example's, e.g. [28, 28, 1]) or batchShape`);
  if (args.batchSize !== undefined && (!Number.isInteger(args.batchSize) || args.batchSize <= 0))
    throw new ValueError(`${owner}: batchSize must be a positive integer, got ${args.batchSize}`);
  const batchShape =
    args.batchShape !== undefined
      ? checkShape(owner, 'batchShape', args.batchShape)
      : [
          args.batchSize ?? null,
          ...checkShape(owner, 'shape', [1, ...(args.shape ?? [])]).slice(1),
        ];
  const layer = new InputLayer({
    batchInputShape: batchShape,
    ...(args.dtype === undefined ? {} : { dtype: checkDType(owner, args.dtype) }),
    ...(args.name === undefined ? {} : { name: args.name }),
  });
  return layer.output;
}
