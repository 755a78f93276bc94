import type { DType, Tensor } from '@glia/core';

/** Makes a layer weight's initial value. Random ones draw from core's seeded generator. */
export interface Initializer {
  /** The Keras / TF.js class name, as saved in model.json (`GlorotUniform`, `Zeros`, ...). */
  readonly className: string;
  /** A new tensor of `shape` (the caller owns it). */
  apply(shape: readonly number[], dtype?: DType): Tensor;
  /** Its settings, camelCase (io converts to snake_case). */
  getConfig(): Record<string, unknown>;
}

/** An initializer or its name as Keras / TF.js spell it (`'glorotUniform'`, `'heNormal'`, `'zeros'`, ...). */
export type InitializerIdentifier = string | Initializer;
