import { listVariables, type Variable, variable } from '@glia/autograd';
import type { Tensor } from '@glia/core';

/** One weight of a layer: its variable, and the name it is saved under. */
export interface LayerWeight {
  /** `${layerName}/${weightName}` (e.g. `dense/kernel`): the name in model.json's weights manifest. */
  readonly originalName: string;
  /** The variable; its own name is `originalName`, suffixed when another live model uses that name. */
  readonly variable: Variable;
  /** Whether optimizers update it (batchNormalization's moving statistics are not trainable). */
  readonly trainable: boolean;
}

/** Creates a variable for a layer weight, suffixing the name if another live variable holds it. */
export function createLayerWeight(
  originalName: string,
  initialValue: Tensor,
  trainable: boolean,
): LayerWeight {
  const taken = new Set(listVariables().map((v) => v.name));
  let name = originalName;
  for (let i = 1; taken.has(name); i++) name = `${originalName}_${i}`;
  return { originalName, variable: variable(initialValue, { name, trainable }), trainable };
}
