import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import { SIMD_MIN_ELEMENTS, withWasm } from './wasm-operands';

/**
 * `cast`: float to int32 truncates toward zero (NaN to 0; out-of-range values wrap, as core's
 * `coerceValue` does); anything to bool is "nonzero" (NaN is true, as NumPy and TF); bool to numbers is 0/1.
 */
export function castKernels(
  storage: CpuStorage,
  runtime: WasmRuntime | null,
): KernelFamily<'cast'> {
  return {
    cast: ({ x }, { dtype }) => {
      const values = storage.values(x);
      if (runtime !== null && x.dtype === 'bool' && dtype === 'float32') {
        const n = values.length;
        // The relu gradient's mask: in wasm, so it lands in the arena for the multiply after it.
        const fast =
          n < SIMD_MIN_ELEMENTS
            ? null
            : withWasm(
                runtime,
                storage,
                (ops) => {
                  const xPtr = ops.inputBool(x, 'cast', 'x');
                  const out = ops.temp(n);
                  runtime.split(n, PARALLEL_MIN_ELEMENTS, 16, (s, e) => ({
                    fn: 'boolToFloat',
                    args: [out + 4 * s, xPtr + s, e - s],
                  }));
                  return ops.output(out, n, x.shape);
                },
                () => null,
              );
        if (fast !== null) return fast;
      }
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
