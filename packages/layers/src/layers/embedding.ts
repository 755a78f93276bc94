import type { Variable } from '@glia/autograd';
import { cast, gather, type Tensor, tidy, ValueError } from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';
import { initializerField, nullOnlyField, positiveIntField, regularizerField } from './fields';
import { layerFactory } from './layer-factory';
import { type InitializerArg, positiveInt, type RegularizerArg } from './layer-utils';

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
/** Only false: masking is not supported. */
const maskZeroField = (): Field<false> => ({
  read: (v, owner, key) => {
    if (v !== undefined && v !== null && v !== false) {
      throw new ValueError(
        `${owner}: ${key} ${JSON.stringify(v)} is not supported: expected false`,
      );
    }
    return false;
  },
});

/** A positive integer or a list of them, or none (left out of the config). */
const inputLengthField = (): Field<number | number[] | undefined> => ({
  read: (v, owner, key) => {
    if (v === undefined || v === null) return undefined;
    const lengths = typeof v === 'number' ? [v] : v;
    if (!Array.isArray(lengths)) {
      throw new ValueError(
        `${owner}: ${key} must be a positive integer or a list of them, got ${JSON.stringify(v)}`,
      );
    }
    for (const n of lengths) positiveInt(owner, key, n);
    return typeof v === 'number' ? v : [...(lengths as number[])];
  },
  omitWhen: (v) => v === undefined,
});

const EMBEDDING_FIELDS = {
  inputDim: positiveIntField(),
  outputDim: positiveIntField(),
  embeddingsInitializer: initializerField('randomUniform'),
  embeddingsRegularizer: regularizerField(),
  activityRegularizer: nullOnlyField(),
  embeddingsConstraint: nullOnlyField(),
  maskZero: maskZeroField(),
  inputLength: inputLengthField(),
} satisfies FieldsOf<EmbeddingArgs>;

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
export class Embedding extends Layer<EmbeddingArgs> {
  static override readonly className = 'Embedding';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = EMBEDDING_FIELDS;
  declare readonly inputDim: number;
  declare readonly outputDim: number;
  declare readonly embeddingsInitializer: Initializer;
  declare readonly embeddingsRegularizer: Regularizer | undefined;
  /** Always false: masking is not supported. */
  declare readonly maskZero: false;
  declare readonly inputLength: number | number[] | undefined;
  /** [inputDim, outputDim]; set by `build`. */
  embeddings?: Variable;

  constructor(args: EmbeddingArgs) {
    super(withDefaultInputShape(args));
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
}

/** Integer indices to vectors (`Embedding`). */
export const embedding = layerFactory('embedding', Embedding);
