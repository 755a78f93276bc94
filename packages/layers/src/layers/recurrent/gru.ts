import type { FieldsOf } from '../../engine/config-schema';
import { layerFactory } from '../layer-factory';
import { CellRNN, cellLayerFields } from './cell-rnn';
import { GRU_CELL_FIELDS, GRUCell, type GRUCellArgs } from './gru-cell';
import type { RecurrentArgs } from './rnn';

/** `gru()` settings: the cell's and how to run it. */
export interface GRUArgs extends GRUCellArgs, RecurrentArgs {}

/**
 * Gated recurrent unit over inputs [batch, timesteps, features], with Keras' weights (kernel
 * [features, 3·units], recurrent_kernel [units, 3·units], gates z, r, h; bias [2, 3·units] with
 * resetAfter, the default, else [3·units] as TF.js). See `GRUCell` for the equations.
 *
 * ```ts
 * gru({ units: 16, inputShape: [20, 8] }); // -> [batch, 16]
 * ```
 */
export class GRU extends CellRNN<GRUArgs, GRUCell> {
  static override readonly className: string = 'GRU';
  /** Its config fields (see engine/config-schema.ts): its cell's and how it runs. */
  static override readonly fields = cellLayerFields(GRU_CELL_FIELDS) satisfies FieldsOf<GRUArgs>;
  protected static override readonly Cell = GRUCell;
}

/** Gated recurrent unit (`GRU`). */
export const gru = layerFactory('gru', GRU);
