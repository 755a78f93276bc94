import { add, matMul, mul, type Tensor } from '@glia/core';
import { layerFactory } from '../layer-factory';
import { CELL_FIELDS, RNNCell, type RNNCellArgs, type StepFunction } from './cell';

/** `simpleRNNCell()` settings. */
export type SimpleRNNCellArgs = RNNCellArgs;

/**
 * The Elman cell: h_t = activation(x_t · kernel + h_{t-1} · recurrentKernel + bias), with kernel
 * [features, units], recurrentKernel [units, units], bias [units].
 *
 * ```ts
 * rnn({ cell: simpleRNNCell({ units: 8 }) });
 * ```
 */
export class SimpleRNNCell extends RNNCell<SimpleRNNCellArgs> {
  static override readonly className = 'SimpleRNNCell';
  /** Its config fields (see engine/config-schema.ts). */
  static override readonly fields = CELL_FIELDS;
  readonly gates = 1;
  readonly stateCount = 1;

  makeStep(recurrentMask?: Tensor): StepFunction {
    const recurrentKernel = this.requireBuilt().recurrentKernel!;
    return (projected, [h]) => {
      const previous = recurrentMask ? mul(h!, recurrentMask) : h!;
      return [this.activation.apply(add(projected, matMul(previous, recurrentKernel)))];
    };
  }
}

/** The Elman cell, for `rnn` (`SimpleRNNCell`). */
export const simpleRNNCell = layerFactory('simpleRNNCell', SimpleRNNCell);
