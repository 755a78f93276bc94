import type { CpuStorage, KernelFamily } from '../cpu-storage';

/**
 * `cast`: float to int32 truncates toward zero (NaN to 0; out-of-range values wrap, as core's
 * `coerceValue` does); anything to bool is "nonzero" (NaN is true, as NumPy and TF); bool to numbers is 0/1.
 */
export function castKernels(storage: CpuStorage): KernelFamily<'cast'> {
  return {
    cast: ({ x }, { dtype }) => {
      const values = storage.values(x);
      const out = storage.alloc(dtype, values.length);
      if (dtype === 'bool') {
        for (let i = 0; i < values.length; i++) {
          const v = values[i]!;
          out[i] = v !== 0 ? 1 : 0;
        }
      } else {
        // Typed-array stores do the rest: Int32Array truncates (NaN -> 0), Float32Array rounds.
        out.set(values);
      }
      return storage.output(out, x.shape, dtype);
    },
  };
}
