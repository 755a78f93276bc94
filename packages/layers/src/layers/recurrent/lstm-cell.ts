import { add, concat, type DType, matMul, mul, ones, split, type Tensor, tidy } from '@glia/core';
import type { Field, FieldsOf } from '../../engine/config-schema';
import type { Initializer } from '../../initializers/initializer';
import { layerFactory } from '../layer-factory';
import { bool } from '../layer-utils';
import { implementationField, type StepFunction } from './cell';
import { GATED_CELL_FIELDS, GatedCell, type GatedCellArgs } from './gated-cell';

/** `lstmCell()` settings. */
export interface LSTMCellArgs extends GatedCellArgs {
  /** Start the forget gate's bias at 1 (Jozefowicz et al. 2015). Default true. */
  unitForgetBias?: boolean | null;
}

/** The bias initializer with the forget gate's block set to ones. Not saved: the flag is. */
class UnitForgetBias implements Initializer {
  readonly className = 'UnitForgetBias';
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {}

  apply(_shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const u = this.units;
    return tidy(() =>
      concat([this.base.apply([u], dtype), ones([u], dtype), this.base.apply([2 * u], dtype)], 0),
    );
  }

  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Whether the forget gate's bias starts at 1: default true; TF.js writes null for false. */
const unitForgetBiasField = (): Field<boolean> => ({
  read: (v, owner, key) => (v === null ? false : bool(owner, key, v, true)),
});

/** The LSTM cell's fields: the common ones, the gates' activation and the forget bias. */
export const LSTM_CELL_FIELDS = {
  ...GATED_CELL_FIELDS,
  unitForgetBias: unitForgetBiasField(),
  implementation: implementationField(2),
} satisfies FieldsOf<Omit<LSTMCellArgs, 'name' | 'trainable' | 'dtype'>>;

/**
 * The long short-term memory cell, in Keras' layout: kernel [features, 4·units], recurrentKernel
 * [units, 4·units] and bias [4·units], each in gate blocks i, f, c, o. With z = x·kernel +
 * h·recurrentKernel + bias split into those blocks:
 * i = σ(z_i), f = σ(z_f), o = σ(z_o), c' = f·c + i·tanh(z_c), h' = o·tanh(c'), σ the recurrent
 * activation and tanh the activation. States: [h, c].
 *
 * ```ts
 * rnn({ cell: lstmCell({ units: 8 }) }); // the same as lstm({ units: 8 })
 * ```
 */
export class LSTMCell extends GatedCell<LSTMCellArgs> {
  static override readonly className = 'LSTMCell';
  /** Its config fields (see engine/config-schema.ts). */
  static override readonly fields = LSTM_CELL_FIELDS;
  readonly gates = 4;
  readonly stateCount = 2;
  declare readonly unitForgetBias: boolean;

  protected override initialBias(): Initializer {
    return this.unitForgetBias
      ? new UnitForgetBias(this.biasInitializer, this.units)
      : this.biasInitializer;
  }

  makeStep(recurrentMask?: Tensor): StepFunction {
    const recurrentKernel = this.requireBuilt().recurrentKernel!;
    const gate = this.recurrentActivation;
    return (projected, [h, c]) => {
      const previous = recurrentMask ? mul(h!, recurrentMask) : h!;
      const z = add(projected, matMul(previous, recurrentKernel));
      const [zi, zf, zc, zo] = split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
      const cNext = add(mul(gate.apply(zf), c!), mul(gate.apply(zi), this.activation.apply(zc)));
      return [mul(gate.apply(zo), this.activation.apply(cNext)), cNext];
    };
  }
}

/** The LSTM cell, for `rnn` (`LSTMCell`). */
export const lstmCell = layerFactory('lstmCell', LSTMCell);
