import type { OpImplementation } from '../values';
import { CONV_OPS } from './conv';
import { ELEMENTWISE_OPS } from './elementwise';
import { LINEAR_OPS } from './linear';
import { NORMALIZATION_OPS } from './normalization';
import { RECURRENT_OPS } from './recurrent';
import { SHAPE_OPS } from './shape';

/** Every ONNX op (default domain) that fromOnnx runs, by op_type. */
export const IMPORT_OPS: ReadonlyMap<string, OpImplementation> = new Map(
  Object.entries({
    ...ELEMENTWISE_OPS,
    ...LINEAR_OPS,
    ...CONV_OPS,
    ...NORMALIZATION_OPS,
    ...SHAPE_OPS,
    ...RECURRENT_OPS,
  }),
);
