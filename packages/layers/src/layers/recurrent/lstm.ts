import { uniqueLayerName } from '../../engine/naming';
import { readLayerConfig } from '../layer-utils';
import { CELL_FIELDS, CELL_NULL_ONLY, checkImplementation } from './cell';
import { LSTMCell, type LSTMCellArgs } from './lstm-cell';
import { RECURRENT_FIELDS, type RecurrentArgs, RNN } from './rnn';

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
export class LSTM extends RNN {
  static override readonly className: string = 'LSTM';
  declare readonly cell: LSTMCell;

  constructor(args: LSTMArgs) {
    const name = args?.name ?? uniqueLayerName('LSTM');
    super({ ...args, name, cell: new LSTMCell({ ...args, name }) });
  }

  override getConfig(): Record<string, unknown> {
    const { cell: _cell, ...config } = super.getConfig();
    return config;
  }

  static override fromConfig(config: Record<string, unknown>): LSTM {
    const args = readLayerConfig(
      LSTM.className,
      config,
      [
        ...CELL_FIELDS,
        'recurrentActivation',
        'unitForgetBias',
        ...RECURRENT_FIELDS,
        'implementation',
      ],
      CELL_NULL_ONLY,
    );
    checkImplementation(LSTM.className, args.implementation);
    delete args.implementation;
    return new LSTM(args as unknown as LSTMArgs);
  }
}
