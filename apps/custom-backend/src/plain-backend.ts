import type {
  Backend,
  BackendKernels,
  BackendMemory,
  DataId,
  DType,
  Shape,
  TypedArray,
} from '@glia/core';
import { binaryKernels } from './kernels/binary';
import { gatherKernels } from './kernels/gather';
import { matMulKernels } from './kernels/matmul';
import { movementKernels } from './kernels/movement';
import { reduceKernels } from './kernels/reduce';
import { unaryKernels } from './kernels/unary';
import { whereCastKernels } from './kernels/where-cast';
import { PlainStorage } from './storage';

/**
 * A Glia backend in plain TypeScript: data in host typed arrays, and exactly the primitive kernels
 * of `@glia/core`'s kernel table. Every composite kernel (softmax, conv2d, pooling, batchNorm, ...)
 * runs through core's default composition of these primitives, and autograd's gradient rules work
 * unchanged because they are written in ops.
 *
 * ```ts
 * import { setBackend, softmax, tensor } from '@glia/core';
 * import 'glia-backend-plain'; // registers 'plain'
 * await setBackend('plain');
 * softmax(tensor([1, 2, 3])).print();
 * ```
 */
export class PlainBackend implements Backend {
  readonly name = 'plain';
  readonly kernels: BackendKernels;
  private readonly storage = new PlainStorage();

  constructor() {
    // The type BackendKernels requires every primitive kernel with its exact signature: leaving
    // one out, or getting its inputs or attributes wrong, does not compile.
    this.kernels = {
      ...unaryKernels(this.storage),
      ...binaryKernels(this.storage),
      ...whereCastKernels(this.storage),
      ...reduceKernels(this.storage),
      ...movementKernels(this.storage),
      ...gatherKernels(this.storage),
      ...matMulKernels(this.storage),
    };
  }

  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    return this.storage.write(values, shape, dtype);
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.storage.read(dataId));
  }

  readSync(dataId: DataId): TypedArray {
    return this.storage.read(dataId);
  }

  disposeData(dataId: DataId): void {
    this.storage.delete(dataId);
  }

  memory(): BackendMemory {
    return this.storage.memory();
  }

  dispose(): void {
    this.storage.clear();
  }

  describe(): string {
    return 'plain (primitive kernels in TypeScript; composites from @glia/core)';
  }
}
