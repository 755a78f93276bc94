import type { FieldsOf } from '../../engine/config-schema';
import { layerFactory } from '../layer-factory';
import { CELL_FIELDS } from './cell';
import { CellRNN, cellLayerFields } from './cell-rnn';
import type { RecurrentArgs } from './rnn';
import { SimpleRNNCell, type SimpleRNNCellArgs } from './simple-rnn-cell';

/** `simpleRNN()` settings: the cell's and how to run it. */
export interface SimpleRNNArgs extends SimpleRNNCellArgs, RecurrentArgs {}

/**
 * A fully connected recurrent layer (Elman): h_t = tanh(x_t · kernel + h_{t-1} · recurrentKernel + bias),
 * over inputs [batch, timesteps, features]; `rnn({ cell: simpleRNNCell(...) })` with Keras' config.
 *
 * ```ts
 * simpleRNN({ units: 8, inputShape: [10, 3] }); // [batch, 10, 3] -> [batch, 8]
 * ```
 */
export class SimpleRNN extends CellRNN<SimpleRNNArgs, SimpleRNNCell> {
  static override readonly className: string = 'SimpleRNN';
  /** Its config fields (see engine/config-schema.ts): its cell's and how it runs. */
  static override readonly fields = cellLayerFields(CELL_FIELDS) satisfies FieldsOf<SimpleRNNArgs>;
  protected static override readonly Cell = SimpleRNNCell;
}

/** A fully connected recurrent layer (`SimpleRNN`). */
export const simpleRNN = layerFactory('simpleRNN', SimpleRNN);
