import { fmtShape } from '@glia/core';
import type { WeightGuard } from '../engine/weight-guard';
import { ModelFileError } from './model-file-error';
import type { ValidatedArtifacts } from './validate-model-json';

/**
 * A weight guard for loading: every weight the topology implies must be paid for by a manifest
 * entry of the same shape and dtype, and each entry pays for one weight only, so the weights
 * allocated while building never exceed the bytes of the weight files (already checked against the
 * manifest and, under a ceiling, the files' sizes). A weight is matched to the entry of its name
 * when there is one (a different shape or dtype is then an error naming the entry), else to an
 * unused entry whose name ends with its own (wrappers such as Bidirectional prefix their inner
 * layers' weights when they adopt them), else to any unused entry of its shape and dtype
 * (TimeDistributed renames its inner layer's weights); `setModelWeights` checks the final names.
 * A weight no entry pays for is a `ModelFileError`, thrown before the weight is allocated.
 */
export function manifestWeightGuard(validated: ValidatedArtifacts, file: string): WeightGuard {
  const entries = validated.modelSpecs;
  const used = new Set<number>();
  const fits = (i: number, shape: readonly number[], dtype: string): boolean => {
    const { spec } = entries[i]!;
    return (
      spec.dtype === dtype &&
      spec.shape.length === shape.length &&
      spec.shape.every((d, j) => d === shape[j])
    );
  };
  const take = (i: number): void => {
    used.add(i);
  };
  return (originalName, shape, dtype) => {
    const exact = entries.findIndex((e, i) => !used.has(i) && e.spec.name === originalName);
    if (exact >= 0) {
      const { spec, path } = entries[exact]!;
      if (!fits(exact, shape, spec.dtype)) {
        throw new ModelFileError(
          file,
          `${path}.shape`,
          `'${spec.name}' is [${spec.shape.join(',')}]: the layer's weight is [${shape.join(',')}]`,
        );
      }
      if (spec.dtype !== dtype) {
        throw new ModelFileError(
          file,
          `${path}.dtype`,
          `'${spec.name}' is ${spec.dtype}: the layer's weight is ${dtype}`,
        );
      }
      return take(exact);
    }
    const suffixed = entries.findIndex(
      (e, i) => !used.has(i) && e.spec.name.endsWith(`/${originalName}`) && fits(i, shape, dtype),
    );
    if (suffixed >= 0) return take(suffixed);
    const sameShape = entries.findIndex((_, i) => !used.has(i) && fits(i, shape, dtype));
    if (sameShape >= 0) return take(sameShape);
    throw new ModelFileError(
      file,
      'weightsManifest',
      `lacks the weight '${originalName}' ${fmtShape(shape)} (${dtype}) that the topology implies: no unused entry of that shape pays for it (the manifest has ${entries.map((e) => `${e.spec.name} [${e.spec.shape.join(',')}]`).join(', ') || 'none'})`,
    );
  };
}
