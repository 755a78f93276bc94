import type { Variable } from '@glia/autograd';
import { cast, gather, type Tensor, tidy, ValueError } from '@glia/core';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { serializeInitializer } from '../initializers/get-initializer';
import type { Initializer } from '../initializers/initializer';
import { serializeRegularizer } from '../regularizers/get-regularizer';
import type { Regularizer } from '../regularizers/regularizer';
import {
  type InitializerArg,
  initializerArg,
  positiveInt,
  type RegularizerArg,
  readLayerConfig,
  regularizerArg,
  who,
} from './layer-utils';

/** `embedding()` settings, as TF.js names them. */
export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: indices are in [0, inputDim). */
  inputDim: number;
  /** Size of each vector. */
  outputDim: number;
  /** Default randomUniform in [-0.05, 0.05), as Keras and TF.js. */
  embeddingsInitializer?: InitializerArg;
  embeddingsRegularizer?: RegularizerArg;
  /** Masking is not supported: only false. */
  maskZero?: boolean;
  /** Kept for TF.js configs; the input shape says the length. */
  inputLength?: number | number[] | null;
}

/**
 * As TF.js and Keras 2: without an input shape, an embedding expects [batch, inputLength] (or
 * [batch, any length]), so it can start a Sequential model.
 */
function withDefaultInputShape(args: EmbeddingArgs): EmbeddingArgs {
  if (!args || args.inputShape || args.batchInputShape) return args;
  const length = args.inputLength ?? null;
  const lengths = Array.isArray(length) ? length : [length];
  return { ...args, batchInputShape: [args.batchSize ?? null, ...lengths] };
}

/**
 * Looks up a vector for each integer index: input [batch, ...] of indices, output
 * [batch, ..., outputDim]. Weights: embeddings [inputDim, outputDim]. Indices are read as int32
 * (floats are truncated); one outside [0, inputDim) is an error.
 *
 * ```ts
 * embedding({ inputDim: 10000, outputDim: 64, inputShape: [20] });
 * ```
 */
export class Embedding extends Layer {
  static override readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: Initializer;
  readonly embeddingsRegularizer?: Regularizer;
  readonly inputLength?: number | number[];
  /** [inputDim, outputDim]; set by `build`. */
  embeddings?: Variable;

  constructor(args: EmbeddingArgs) {
    super(withDefaultInputShape(args));
    const owner = who(this);
    this.inputDim = positiveInt(owner, 'inputDim', args?.inputDim);
    this.outputDim = positiveInt(owner, 'outputDim', args.outputDim);
    this.embeddingsInitializer = initializerArg(
      owner,
      'embeddingsInitializer',
      args.embeddingsInitializer,
      'randomUniform',
    );
    this.embeddingsRegularizer = regularizerArg(
      owner,
      'embeddingsRegularizer',
      args.embeddingsRegularizer,
    );
    if (args.maskZero !== undefined && args.maskZero !== null && args.maskZero !== false) {
      throw new ValueError(
        `${owner}: maskZero ${JSON.stringify(args.maskZero)} is not supported: expected false`,
      );
    }
    if (args.inputLength !== undefined && args.inputLength !== null) {
      const lengths = typeof args.inputLength === 'number' ? [args.inputLength] : args.inputLength;
      if (!Array.isArray(lengths)) {
        throw new ValueError(
          `${owner}: inputLength must be a positive integer or a list of them, got ${JSON.stringify(args.inputLength)}`,
        );
      }
      for (const n of lengths) positiveInt(owner, 'inputLength', n);
      this.inputLength = typeof args.inputLength === 'number' ? args.inputLength : [...lengths];
    }
  }

  override build(inputShape: SymbolicShape): void {
    this.embeddings = this.addWeight(
      'embeddings',
      [this.inputDim, this.outputDim],
      this.embeddingsInitializer,
      {
        regularizer: this.embeddingsRegularizer,
      },
    );
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape, this.outputDim];
  }

  protected call(input: Tensor): Tensor {
    return tidy(() =>
      gather(this.embeddings!, input.dtype === 'int32' ? input : cast(input, 'int32'), 0),
    );
  }

  override getConfig(): Record<string, unknown> {
    return {
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      embeddingsRegularizer: this.embeddingsRegularizer
        ? serializeRegularizer(this.embeddingsRegularizer)
        : null,
      activityRegularizer: null,
      embeddingsConstraint: null,
      maskZero: false,
      ...(this.inputLength === undefined ? {} : { inputLength: this.inputLength }),
      ...super.getConfig(),
    };
  }

  static fromConfig(config: Record<string, unknown>): Embedding {
    const args = readLayerConfig(
      Embedding.className,
      config,
      [
        'inputDim',
        'outputDim',
        'embeddingsInitializer',
        'embeddingsRegularizer',
        'maskZero',
        'inputLength',
      ],
      ['activityRegularizer', 'embeddingsConstraint'],
    );
    return new Embedding(args as unknown as EmbeddingArgs);
  }
}
