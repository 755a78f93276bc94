import { type DType, randomNormalValues, type Tensor, tensor, ValueError } from '@glia/core';
import { checkKeys, finiteNumber, numericDType, optionalSeed } from './config-checks';
import type { Initializer } from './initializer';

/** `orthogonal` settings. */
export interface OrthogonalArgs {
  /** Multiplies the orthogonal matrix. Default 1. */
  gain?: number;
  seed?: number;
}

/**
 * A random orthogonal matrix (Saxe et al.): the Q of the QR decomposition of a normal matrix,
 * with signs fixed so that R has a positive diagonal, as Keras and TF.js do. Shapes of rank > 2
 * are flattened to [product of the leading dimensions, last dimension]. Q is computed on the host
 * by modified Gram-Schmidt in float64 (done twice, for orthogonality to rounding), so the same seed
 * gives the same matrix on every backend.
 */
export class Orthogonal implements Initializer {
  static readonly className = 'Orthogonal';
  readonly className = Orthogonal.className;
  readonly gain: number;
  readonly seed?: number;

  constructor(args: OrthogonalArgs = {}) {
    checkKeys('Orthogonal', args, ['gain', 'seed']);
    this.gain = finiteNumber('Orthogonal', 'gain', args.gain, 1);
    this.seed = optionalSeed('Orthogonal', args.seed);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const d = numericDType('Orthogonal', dtype);
    if (shape.length < 2) {
      throw new ValueError(
        `Orthogonal: shape [${shape.join(',')}] has rank ${shape.length}: expected rank >= 2`,
      );
    }
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1]!;
    // Orthonormal columns of a tall m x n matrix (m >= n); transposed back when rows < cols.
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const a = Float64Array.from(randomNormalValues(m * n, this.seed));
    const q = gramSchmidtColumns(a, m, n);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = this.gain * q[i * n + j]!;
        if (rows >= cols) out[i * cols + j] = v;
        else out[j * cols + i] = v;
      }
    }
    return d === 'float32'
      ? tensor(out, [...shape], 'float32')
      : tensor(Int32Array.from(out, Math.round), [...shape], 'int32');
  }

  getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

/**
 * Orthonormalises the n columns of the row-major m x n matrix `a` in place (m >= n) and returns it.
 * Each column keeps the sign of its projection on the original, i.e. R's diagonal is positive.
 */
function gramSchmidtColumns(a: Float64Array, m: number, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += a[i * n + k]! * a[i * n + j]!;
        for (let i = 0; i < m; i++) a[i * n + j] = a[i * n + j]! - dot * a[i * n + k]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12)) {
      throw new ValueError('Orthogonal: the random matrix is rank deficient (try another seed)');
    }
    for (let i = 0; i < m; i++) a[i * n + j] = a[i * n + j]! / norm;
  }
  return a;
}
