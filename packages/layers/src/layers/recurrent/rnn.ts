import {
  add,
  cast,
  dropout as dropoutOp,
  fmtShape,
  mul,
  ones,
  reshape,
  ShapeError,
  stack,
  sub,
  type Tensor,
  tidy,
  unstack,
  ValueError,
  zeros,
} from '@glia/core';
import { type Field, type Fields, type FieldsOf, readFields } from '../../engine/config-schema';
import { type CallContext, Layer, type LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { boolField } from '../fields';
import { layerFactory } from '../layer-factory';
import { bool, expectRank, knownDim, readSavedEntry, who } from '../layer-utils';
import { RNNCell, type RNNCellClass } from './cell';
import { GRU_CELL_FIELDS, GRUCell } from './gru-cell';
import { LSTM_CELL_FIELDS, LSTMCell } from './lstm-cell';
import { SimpleRNNCell } from './simple-rnn-cell';

/** The cell classes `RNN.fromConfig` may make. */
export const CELL_CLASSES: readonly RNNCellClass[] = [SimpleRNNCell, LSTMCell, GRUCell];

/** How a recurrent layer runs over time, as TF.js names the settings. */
export interface RecurrentArgs extends LayerArgs {
  /** Output every timestep ([batch, timesteps, units]) rather than the last ([batch, units]). Default false. */
  returnSequences?: boolean;
  /**
   * Also return the final states. `apply` (and so Sequential) still returns the output alone; the
   * states come from `applyWithState`. Default false.
   */
  returnState?: boolean;
  /** Run over the timesteps in reverse (the outputs come in that reversed order). Default false. */
  goBackwards?: boolean;
  /** Keras' stateful RNNs are not supported: only false. */
  stateful?: boolean;
  /** Accepted for TF.js compatibility; the loop is the same either way. Default false. */
  unroll?: boolean;
}

/** `rnn()` settings: a cell and how to run it. */
export interface RNNArgs extends RecurrentArgs {
  cell: RNNCell;
}

/** `applyWithState` options. */
export interface RecurrentApplyOptions {
  /** Dropout and recurrent dropout apply only while training. Default false. */
  training?: boolean;
  /** The states to start from (each [batch, units]); default zeros. */
  initialState?: readonly Tensor[];
}

/** What `applyWithState` returns: the output and the final states (LSTM: [h, c]; others: [h]). */
export interface RecurrentResult {
  output: Tensor;
  states: Tensor[];
}

/** Fields of a recurrent layer's config beyond its cell's. */
/** Keras' stateful RNNs are not supported: only false. */
const statefulField = (): Field<false> => ({
  read: (v, owner, key) => {
    if (bool(owner, key, v, false)) {
      throw new ValueError(`${owner}: stateful recurrent layers are not supported`);
    }
    return false;
  },
});

/** How a recurrent layer runs its cell: the fields every recurrent layer reads and writes. */
export const RECURRENT_FIELDS = {
  returnSequences: boolField(false),
  returnState: boolField(false),
  goBackwards: boolField(false),
  stateful: statefulField(),
  unroll: boolField(false),
} satisfies FieldsOf<RecurrentArgs>;

/** A cell, given as one or saved as `{className, config}`. */
const cellField = (): Field<RNNCell> => ({
  read: (v, owner, key) => {
    if (v instanceof RNNCell) return v;
    const saved = typeof v === 'object' && v !== null && 'className' in v && 'config' in v;
    if (!saved) {
      throw new ValueError(
        `${owner}: ${key} must be a recurrent cell (simpleRNNCell, lstmCell or gruCell), got ${String(v)}`,
      );
    }
    return cellFromConfig(v);
  },
  write: (cell) => ({ className: cell.className, config: cell.getConfig() }),
});

const RNN_FIELDS = { ...RECURRENT_FIELDS, cell: cellField() } satisfies FieldsOf<RNNArgs>;

/** Accepts anything and writes nothing: TF.js's copies of the cell's fields beside `cell`. */
const ignoredCopy = (): Field<null> & { readonly placeholder: true } => ({
  placeholder: true,
  read: () => null,
  omitWhen: () => true,
});

/** The cell fields TF.js copies beside an RNN's `cell`; the cell's own config is the one read. */
const CELL_FIELD_COPIES: Fields = Object.fromEntries(
  [...new Set([...Object.keys(LSTM_CELL_FIELDS), ...Object.keys(GRU_CELL_FIELDS)])].map((key) => [
    key,
    ignoredCopy(),
  ]),
);

/** The cell's part of a recurrent layer's arguments (its name, trainable and dtype included). */
export function cellPart<A extends RecurrentArgs>(
  args: A,
): Omit<A, Exclude<keyof RecurrentArgs, 'name' | 'trainable' | 'dtype'>> {
  const {
    returnSequences: _returnSequences,
    returnState: _returnState,
    goBackwards: _goBackwards,
    stateful: _stateful,
    unroll: _unroll,
    inputShape: _inputShape,
    batchInputShape: _batchInputShape,
    batchSize: _batchSize,
    ...cell
  } = args;
  return cell;
}

/**
 * A recurrent layer: runs `cell` over the timesteps of an input [batch, timesteps, features]. The
 * input side of every step (x · kernel + bias) is one matrix product over all timesteps before the
 * loop; the loop then does only the recurrent part. `lstm`, `gru` and `simpleRNN` are this layer
 * with their cell.
 *
 * ```ts
 * const layer = rnn({ cell: lstmCell({ units: 8 }), returnSequences: true });
 * layer.apply(x); // [batch, timesteps, 8]
 * const { output, states: [h, c] } = layer.applyWithState(x);
 * ```
 */
export class RNN extends Layer {
  static override readonly className: string = 'RNN';
  /** Its config fields (see engine/config-schema.ts), with TF.js's copies of the cell's. */
  static readonly fields: Fields = { ...CELL_FIELD_COPIES, ...RNN_FIELDS };
  /** It reads its arguments itself: they hold its cell, or (LSTM, GRU, SimpleRNN) its cell's. */
  protected static override readonly readsOwnFields = false;
  readonly cell: RNNCell;
  readonly stateful = false as const;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly unroll: boolean;

  /**
   * `fields`: the subclass's (LSTM's hold its cell's fields too); every argument but `cell` is
   * read through them.
   */
  constructor(args: RNNArgs, fields: typeof RECURRENT_FIELDS = RECURRENT_FIELDS) {
    super(args);
    const owner = who(this);
    const { cell, ...rest } = args ?? {};
    this.cell = cellField().read(cell, owner, 'cell');
    const c = readFields(owner, fields, rest);
    this.returnSequences = c.returnSequences;
    this.returnState = c.returnState;
    this.goBackwards = c.goBackwards;
    this.unroll = c.unroll;
  }

  /** The cell's units. */
  get units(): number {
    return this.cell.units;
  }

  override build(inputShape: SymbolicShape): void {
    const owner = who(this);
    expectRank(owner, inputShape, 3, '(batch, timesteps, features)');
    const features = knownDim(owner, inputShape, 2, 'number of features');
    this.cell.build(features, (name, shape, initializer, options) =>
      this.addWeight(name, shape, initializer, options),
    );
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 3, '(batch, timesteps, features)');
    return this.returnSequences
      ? [inputShape[0]!, inputShape[1]!, this.units]
      : [inputShape[0]!, this.units];
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    return tidy(() => this.run(input, context.training, undefined, context.mask).output);
  }

  /** The mask goes on with the sequence (`returnSequences`), and ends with the last output. */
  override computeMask(_input: Tensor, mask: Tensor | undefined): Tensor | undefined {
    return this.returnSequences ? mask : undefined;
  }

  /**
   * The output and the final states (what Keras returns with `returnState`), whatever
   * `returnState` says; the caller owns all of them.
   *
   * ```ts
   * const { output, states: [h, c] } = lstm({ units: 4 }).applyWithState(x, { initialState: [h0, c0] });
   * ```
   */
  applyWithState(input: Tensor, options: RecurrentApplyOptions = {}): RecurrentResult {
    this.prepare(input);
    return tidy(() => this.run(input, options.training ?? false, options.initialState));
  }

  /** The time loop. */
  private run(
    input: Tensor,
    training: boolean,
    initialState?: readonly Tensor[],
    mask?: Tensor,
  ): RecurrentResult {
    const cell = this.cell;
    const [batch, steps, features] = input.shape as [number, number, number];
    if (steps === 0) {
      throw new ShapeError(
        `${who(this)}: input has shape ${fmtShape(input.shape)}: expected at least one timestep`,
      );
    }
    const states = this.initialStates(batch, initialState);
    let x = input.dtype === 'float32' ? input : cast(input, 'float32');
    if (training && cell.dropout > 0) {
      // One mask per sequence, the same at every timestep (Gal & Ghahramani), as Keras.
      const mask = dropoutOp(ones([batch, features]), cell.dropout, cell.seed);
      x = mul(x, reshape(mask, [batch, 1, features]));
    }
    const projected = cell.projectInputs(reshape(x, [batch * steps, features]));
    const perStep = unstack(reshape(projected, [batch, steps, projected.shape[1]!]), 1);
    if (this.goBackwards) perStep.reverse();
    const recurrentMask =
      training && cell.recurrentDropout > 0
        ? dropoutOp(
            ones([batch, cell.units]),
            cell.recurrentDropout,
            cell.seed === undefined ? undefined : cell.seed + 1,
          )
        : undefined;
    const step = cell.makeStep(recurrentMask);
    let current: Tensor[] = [...states];
    const outputs: Tensor[] = [];
    const keep = mask === undefined ? undefined : this.stepMasks(mask, batch, steps);
    // As Keras: at a masked step the states stay and the output repeats the previous one (zeros
    // before the first real step).
    let previous = keep === undefined ? undefined : zeros([batch, cell.units]);
    perStep.forEach((xt, t) => {
      const next = step(xt, current);
      const m = keep?.[t];
      if (m === undefined || previous === undefined) {
        current = next;
        outputs.push(current[0]!);
        return;
      }
      const blend = (a: Tensor, b: Tensor): Tensor => add(mul(m, a), mul(sub(1, m), b));
      const output = blend(next[0]!, previous);
      current = next.map((s, i) => blend(s, current[i]!));
      outputs.push(output);
      previous = output;
    });
    const output = this.returnSequences ? stack(outputs, 1) : outputs[outputs.length - 1]!;
    return { output, states: current };
  }

  /** The mask as one float [batch, 1] column per step, in the order the steps run. */
  private stepMasks(mask: Tensor, batch: number, steps: number): Tensor[] {
    if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== steps) {
      throw new ShapeError(
        `${who(this)}: mask has shape ${fmtShape(mask.shape)}: expected [${batch},${steps}] (batch, timesteps)`,
      );
    }
    const columns = unstack(reshape(cast(mask, 'float32'), [batch, steps, 1]), 1);
    if (this.goBackwards) columns.reverse();
    return columns;
  }

  private initialStates(batch: number, given?: readonly Tensor[]): Tensor[] {
    const cell = this.cell;
    if (given === undefined) return cell.stateSize.map((units) => zeros([batch, units]));
    const expected = cell.stateSize.map((units) => [batch, units]);
    const fits =
      Array.isArray(given) &&
      given.length === expected.length &&
      given.every((s, i) => s.shape.join() === expected[i]!.join());
    if (!fits) {
      throw new ShapeError(
        `${who(this)}: initialState has shapes ${Array.isArray(given) ? given.map((s) => fmtShape(s.shape)).join(', ') : String(given)}: expected ${expected.map((s) => fmtShape(s)).join(', ')}`,
      );
    }
    return [...given];
  }

  /** The recurrent settings, without the cell's. */
  protected cellConfig(): Record<string, unknown> {
    const { name: _name, trainable: _trainable, dtype: _dtype, ...rest } = this.cell.getConfig();
    return rest;
  }

  /** As TF.js writes an RNN: the cell's fields, the recurrent ones, and the cell itself. */
  override getConfig(): Record<string, unknown> {
    return { ...this.cellConfig(), ...super.getConfig() };
  }

  /** The recurrent fields: the cell's are written by `cellConfig`. */
  protected override savedFields(): Fields {
    return RNN_FIELDS;
  }
}

export function cellFromConfig(value: unknown): RNNCell {
  const entry = readSavedEntry('RNN.fromConfig', 'cell', value);
  const cls = CELL_CLASSES.find((c) => c.className === entry.className);
  if (!cls) {
    throw new ValueError(
      `RNN.fromConfig: unknown cell class ${JSON.stringify(entry.className)}: expected ${CELL_CLASSES.map((c) => c.className).join(', ')}`,
    );
  }
  return cls.fromConfig(entry.config);
}

/** A recurrent layer over any cell (`RNN`). */
export const rnn = layerFactory('rnn', RNN);
