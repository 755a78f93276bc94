import type { FieldsOf } from '../../engine/config-schema';
import { layerFactory } from '../layer-factory';
import { CellRNN, cellLayerFields } from './cell-rnn';
import { LSTM_CELL_FIELDS, LSTMCell, type LSTMCellArgs } from './lstm-cell';
import type { RecurrentArgs } from './rnn';

/** `lstm()` settings: the cell's and how to run it. */
export interface LSTMArgs extends LSTMCellArgs, RecurrentArgs {}

/**
 * Long short-term memory over inputs [batch, timesteps, features], with Keras' weights (kernel
 * [features, 4·units], recurrent_kernel [units, 4·units], bias [4·units], gates i, f, c, o), so TF.js and
 * Keras models load. The states are [h, c]; see `LSTMCell` for the equations.
 *
 * ```ts
 * lstm({ units: 32, returnSequences: true, inputShape: [20, 8] }); // -> [batch, 20, 32]
 * ```
 */
export class LSTM extends CellRNN<LSTMArgs, LSTMCell> {
  static override readonly className: string = 'LSTM';
  /** Its config fields (see engine/config-schema.ts): its cell's and how it runs. */
  static override readonly fields = cellLayerFields(LSTM_CELL_FIELDS) satisfies FieldsOf<LSTMArgs>;
  protected static override readonly Cell = LSTMCell;
}

/** Long short-term memory (`LSTM`). */
export const lstm = layerFactory('lstm', LSTM);
