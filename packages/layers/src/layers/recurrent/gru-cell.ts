import { add, matMul, mul, reshape, slice, split, sub, type Tensor } from '@glia/core';
import type { FieldsOf } from '../../engine/config-schema';
import { boolField } from '../fields';
import { layerFactory } from '../layer-factory';
import { implementationField, type StepFunction } from './cell';
import { GATED_CELL_FIELDS, GatedCell, type GatedCellArgs } from './gated-cell';

/** `gruCell()` settings. */
export interface GRUCellArgs extends GatedCellArgs {
  /**
   * Apply the reset gate after the recurrent matrix product, with a separate recurrent bias (a bias
   * of shape `[2, 3·units]`: input row, recurrent row), as Keras 2.3+ and cuDNN do. Default true. TF.js
   * supports only false (bias [3·units]); its model files say so, and load as written.
   */
  resetAfter?: boolean;
}

/** The GRU cell's fields: the common ones, the gates' activation and where the reset applies. */
export const GRU_CELL_FIELDS = {
  ...GATED_CELL_FIELDS,
  implementation: implementationField(2),
  resetAfter: boolField(true),
} satisfies FieldsOf<Omit<GRUCellArgs, 'name' | 'trainable' | 'dtype'>>;

/**
 * The gated recurrent unit, in Keras' layout: kernel [features, 3·units] and recurrentKernel
 * [units, 3·units] in gate blocks z (update), r (reset), h (candidate). With x_* = x·kernel_* + b_*:
 * z = σ(x_z + h·U_z), r = σ(x_r + h·U_r), and the candidate
 * ĥ = tanh(x_h + r·(h·U_h + b'_h)) (resetAfter) or tanh(x_h + (r·h)·U_h) (not);
 * h' = z·h + (1 - z)·ĥ.
 *
 * ```ts
 * rnn({ cell: gruCell({ units: 8 }) }); // the same as gru({ units: 8 })
 * ```
 */
export class GRUCell extends GatedCell<GRUCellArgs> {
  static override readonly className = 'GRUCell';
  /** Its config fields (see engine/config-schema.ts). */
  static override readonly fields = GRU_CELL_FIELDS;
  readonly gates = 3;
  readonly stateCount = 1;
  declare readonly resetAfter: boolean;

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  /** Row `row` of a resetAfter bias. */
  private biasRow(row: number): Tensor | undefined {
    if (!this.bias) return undefined;
    return reshape(slice(this.bias, [row, 0], [1, -1]), [3 * this.units]);
  }

  protected override inputBias(): Tensor | undefined {
    return this.resetAfter ? this.biasRow(0) : this.bias;
  }

  makeStep(recurrentMask?: Tensor): StepFunction {
    const recurrentKernel = this.requireBuilt().recurrentKernel!;
    const u = this.units;
    const gate = this.recurrentActivation;
    if (this.resetAfter) {
      const recurrentBias = this.biasRow(1);
      return (projected, [h]) => {
        const previous = recurrentMask ? mul(h!, recurrentMask) : h!;
        let inner = matMul(previous, recurrentKernel);
        if (recurrentBias) inner = add(inner, recurrentBias);
        const [xz, xr, xh] = split(projected, 3, 1) as [Tensor, Tensor, Tensor];
        const [hz, hr, hh] = split(inner, 3, 1) as [Tensor, Tensor, Tensor];
        const z = gate.apply(add(xz, hz));
        const r = gate.apply(add(xr, hr));
        const candidate = this.activation.apply(add(xh, mul(r, hh)));
        return [add(candidate, mul(z, sub(h!, candidate)))];
      };
    }
    const [kernelZR, kernelH] = split(recurrentKernel, [2 * u, u], 1) as [Tensor, Tensor];
    return (projected, [h]) => {
      const previous = recurrentMask ? mul(h!, recurrentMask) : h!;
      const [xz, xr, xh] = split(projected, 3, 1) as [Tensor, Tensor, Tensor];
      const [hz, hr] = split(matMul(previous, kernelZR), 2, 1) as [Tensor, Tensor];
      const z = gate.apply(add(xz, hz));
      const r = gate.apply(add(xr, hr));
      const candidate = this.activation.apply(add(xh, matMul(mul(r, previous), kernelH)));
      return [add(candidate, mul(z, sub(h!, candidate)))];
    };
  }
}

/** The GRU cell, for `rnn` (`GRUCell`). */
export const gruCell = layerFactory('gruCell', GRUCell);
