/**
 * The recurrent layers: `simpleRNN`, `lstm`, `gru`, the generic `rnn` over a cell (`simpleRNNCell`,
 * `lstmCell`, `gruCell`), and the wrappers `bidirectional` and `timeDistributed`. Inputs are
 * [batch, timesteps, features]; weights, gate orders and configs are Keras' / TF.js's.
 *
 * ```ts
 * const model = sequential({ layers: [
 *   layers.lstm({ units: 32, inputShape: [20, 8] }),
 *   layers.dense({ units: 1 }),
 * ]});
 * ```
 *
 * Reach these through the catalog (`../index`, or the package): the wrappers read the layer
 * registry, which lists the catalog, so the catalog has to be loaded first.
 */
import type { LayerClass } from '../../engine/layer';
import { Bidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional';
import { type AddWeight, hardSigmoid, RNNCell, type RNNCellArgs, type StepFunction } from './cell';
import { GRU, type GRUArgs } from './gru';
import { GRUCell, type GRUCellArgs } from './gru-cell';
import { LSTM, type LSTMArgs } from './lstm';
import { LSTMCell, type LSTMCellArgs } from './lstm-cell';
import {
  type RecurrentApplyOptions,
  type RecurrentArgs,
  type RecurrentResult,
  RNN,
  type RNNArgs,
} from './rnn';
import { SimpleRNN, type SimpleRNNArgs } from './simple-rnn';
import { SimpleRNNCell, type SimpleRNNCellArgs } from './simple-rnn-cell';
import { TimeDistributed, type TimeDistributedArgs } from './time-distributed';
import { Wrapper } from './wrapper';

export type {
  AddWeight,
  BidirectionalArgs,
  GRUArgs,
  GRUCellArgs,
  LSTMArgs,
  LSTMCellArgs,
  MergeMode,
  RecurrentApplyOptions,
  RecurrentArgs,
  RecurrentResult,
  RNNArgs,
  RNNCellArgs,
  SimpleRNNArgs,
  SimpleRNNCellArgs,
  StepFunction,
  TimeDistributedArgs,
};
export {
  Bidirectional,
  GRU,
  GRUCell,
  hardSigmoid,
  LSTM,
  LSTMCell,
  RNN,
  RNNCell,
  SimpleRNN,
  SimpleRNNCell,
  TimeDistributed,
  Wrapper,
};

/** The recurrent layer classes, for `LAYER_CLASSES`. */
export const RECURRENT_LAYER_CLASSES: readonly LayerClass[] = [
  SimpleRNN,
  LSTM,
  GRU,
  RNN,
  Bidirectional,
  TimeDistributed,
];

// The factories, each beside its class.
export { bidirectional } from './bidirectional';
export { gru } from './gru';
export { gruCell } from './gru-cell';
export { lstm } from './lstm';
export { lstmCell } from './lstm-cell';
export { rnn } from './rnn';
export { simpleRNN } from './simple-rnn';
export { simpleRNNCell } from './simple-rnn-cell';
export { timeDistributed } from './time-distributed';
