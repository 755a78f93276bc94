import { uniqueLayerName } from '../../engine/naming';
import { readLayerConfig } from '../layer-utils';
import { CELL_FIELDS, CELL_NULL_ONLY, checkImplementation } from './cell';
import { GRUCell, type GRUCellArgs } from './gru-cell';
import { RECURRENT_FIELDS, type RecurrentArgs, RNN } from './rnn';

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
export class GRU extends RNN {
  static override readonly className: string = 'GRU';
  declare readonly cell: GRUCell;

  constructor(args: GRUArgs) {
    const name = args?.name ?? uniqueLayerName('GRU');
    super({ ...args, name, cell: new GRUCell({ ...args, name }) });
  }

  override getConfig(): Record<string, unknown> {
    const { cell: _cell, ...config } = super.getConfig();
    return config;
  }

  static override fromConfig(config: Record<string, unknown>): GRU {
    const args = readLayerConfig(
      GRU.className,
      config,
      [...CELL_FIELDS, 'recurrentActivation', 'resetAfter', ...RECURRENT_FIELDS, 'implementation'],
      CELL_NULL_ONLY,
    );
    checkImplementation(GRU.className, args.implementation);
    delete args.implementation;
    return new GRU(args as unknown as GRUArgs);
  }
}
