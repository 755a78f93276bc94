import { uniqueLayerName } from '../../engine/naming';
import { readLayerConfig } from '../layer-utils';
import { CELL_FIELDS, CELL_NULL_ONLY, checkImplementation } from './cell';
import { RECURRENT_FIELDS, type RecurrentArgs, RNN } from './rnn';
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
export class SimpleRNN extends RNN {
  static override readonly className: string = 'SimpleRNN';
  declare readonly cell: SimpleRNNCell;

  constructor(args: SimpleRNNArgs) {
    const name = args?.name ?? uniqueLayerName('SimpleRNN');
    super({ ...args, name, cell: new SimpleRNNCell({ ...args, name }) });
  }

  override getConfig(): Record<string, unknown> {
    const { cell: _cell, ...config } = super.getConfig();
    return config;
  }

  static override fromConfig(config: Record<string, unknown>): SimpleRNN {
    const args = readLayerConfig(
      SimpleRNN.className,
      config,
      [...CELL_FIELDS, ...RECURRENT_FIELDS, 'implementation'],
      CELL_NULL_ONLY,
    );
    checkImplementation(SimpleRNN.className, args.implementation);
    delete args.implementation;
    return new SimpleRNN(args as unknown as SimpleRNNArgs);
  }
}
