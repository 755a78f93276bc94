import { abs, add, mul, scalar, square, sum, type Tensor, tidy, ValueError } from '@glia/core';
import type { Regularizer } from './regularizer';

/** `l1l2` settings: the factors of Σ|w| and Σw². */
export interface L1L2Args {
  l1?: number;
  l2?: number;
}

function factor(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ValueError(`L1L2: ${name} must be a finite number >= 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * The penalty l1·Σ|w| + l2·Σw², added to the training loss. TF.js saves l1, l2 and l1l2 all as
 * this class (`{ className: 'L1L2', config: { l1, l2 } }`).
 */
export class L1L2 implements Regularizer {
  static readonly className = 'L1L2';
  readonly className = L1L2.className;
  readonly l1: number;
  readonly l2: number;

  constructor(args: L1L2Args = {}) {
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`L1L2: expected { l1, l2 }, got ${JSON.stringify(args)}`);
    }
    for (const key of Object.keys(args)) {
      if (key !== 'l1' && key !== 'l2') {
        throw new ValueError(`L1L2: unknown config field '${key}': expected only l1, l2`);
      }
    }
    this.l1 = factor('l1', args.l1, 0);
    this.l2 = factor('l2', args.l2, 0);
  }

  apply(weight: Tensor): Tensor {
    return tidy(() => {
      let penalty = scalar(0);
      if (this.l1 !== 0) penalty = add(penalty, mul(sum(abs(weight)), this.l1));
      if (this.l2 !== 0) penalty = add(penalty, mul(sum(square(weight)), this.l2));
      return penalty;
    });
  }

  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}
