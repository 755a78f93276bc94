import type { Activation, ActivationIdentifier } from '../../activations/activation';
import { CELL_FIELDS, RNNCell, type RNNCellArgs, recurrentActivationField } from './cell';

/** The settings of a cell with gates (`gruCell()`, `lstmCell()`). */
export interface GatedCellArgs extends RNNCellArgs {
  /** The gates' activation. Default 'sigmoid' (Keras; TF.js defaults to 'hardSigmoid'). */
  recurrentActivation?: ActivationIdentifier | null;
}

/** The fields of a cell with gates: the common ones and the gates' activation. */
export const GATED_CELL_FIELDS = {
  ...CELL_FIELDS,
  recurrentActivation: recurrentActivationField('sigmoid'),
};

/** A cell with gates (GRU, LSTM): `recurrentActivation` squashes them. */
export abstract class GatedCell<A extends GatedCellArgs = GatedCellArgs> extends RNNCell<A> {
  declare readonly recurrentActivation: Activation;
}
