import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { leadingRows } from '../kernels/reduce';
import { job } from '../wasm/job';
import type { WasmRuntime } from '../wasm/runtime';
import { accelerate } from './launcher';

/** sum and mean over the leading axes of a float32 input (row sums) as kernels.wat's sumRows. */
export function acceleratedReduceKernels(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: KernelFamily<'sum' | 'mean'>,
): KernelFamily<'sum' | 'mean'> {
  const rowSums = (kernel: 'sum' | 'mean') =>
    accelerate(runtime, storage, reference[kernel], ({ x }, { axes }) => {
      const layout = leadingRows(x, axes);
      if (layout === null) return null;
      const { rows, width, outShape } = layout;
      const divisor = kernel === 'mean' ? rows : 1;
      return {
        kernel,
        inputs: [{ name: 'x', info: x }],
        outputs: [{ shape: outShape }],
        elements: rows * width,
        scratch: [8 * width], // the float64 sums
        job: ({ inputs: [xPtr], outputs: [out], scratch: [acc] }) =>
          job('sumRows', out!, xPtr!, rows, width, acc!, divisor),
      };
    });
  return { sum: rowSums('sum'), mean: rowSums('mean') };
}
