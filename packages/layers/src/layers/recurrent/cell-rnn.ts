import type { Fields } from '../../engine/config-schema';
import { uniqueLayerName } from '../../engine/naming';
import type { RNNCell, RNNCellArgs } from './cell';
import { cellPart, RECURRENT_FIELDS, type RecurrentArgs, RNN } from './rnn';

/** The fields of a layer with its own kind of cell: the cell's, then how to run it. */
export function cellLayerFields<F extends Fields>(cellFields: F): F & typeof RECURRENT_FIELDS {
  return { ...cellFields, ...RECURRENT_FIELDS };
}

/**
 * A recurrent layer with its own kind of cell (SimpleRNN, LSTM, GRU): it takes the cell's arguments
 * beside how to run it, makes the cell (named as the layer), and saves one flat config, as Keras
 * and TF.js do. A subclass names its cell class in `Cell` and its fields (the cell's and
 * RECURRENT_FIELDS) in `fields`.
 */
export abstract class CellRNN<
  A extends RNNCellArgs & RecurrentArgs,
  C extends RNNCell,
> extends RNN {
  /** The cell class the layer runs. */
  protected static readonly Cell: new (
    args: RNNCellArgs,
  ) => RNNCell;
  declare readonly cell: C;

  constructor(args: A) {
    const cls = new.target as typeof CellRNN & { readonly fields: typeof RECURRENT_FIELDS };
    const name = args?.name ?? uniqueLayerName(cls.className);
    super({ ...args, name, cell: new cls.Cell({ ...cellPart(args), name }) }, cls.fields);
  }

  /** The flat config: the cell's fields are written beside the recurrent ones, without `cell`. */
  override getConfig(): Record<string, unknown> {
    const { cell: _cell, ...config } = super.getConfig();
    return config;
  }
}
