import { stridesOf } from '@glia/core';
import { coordinates, int, kernelSource } from '../program';

/** How one output element walks its reduced inputs. */
export interface ReductionPlan {
  outShape: number[];
  /** Elements reduced into each output. */
  count: number;
  /** Code declaring `base`, the flat input index of the output's first reduced element. */
  baseCode: string;
  /** Code (inside a loop over `j` in [0, count)) declaring `k`, the flat input index of element j. */
  stepCode: string;
}

/** The plan for reducing `shape` over `axes` (normalised: sorted, unique). */
export function reductionPlan(shape: readonly number[], axes: readonly number[]): ReductionPlan {
  const strides = stridesOf([...shape]);
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outShape = kept.map((d) => shape[d]!);
  const reducedShape = axes.map((d) => shape[d]!);
  const count = reducedShape.reduce((a, b) => a * b, 1);
  const baseTerms = kept.map((d, n) => `o${n} * ${int(strides[d]!)}`);
  const baseCode =
    kept.length === 0
      ? 'const base = 0;'
      : `${coordinates('o', 'i', outShape)}\nconst base = ${baseTerms.join(' + ')};`;
  const trailing = axes.every((a, n) => a === shape.length - axes.length + n);
  let stepCode: string;
  if (trailing) {
    stepCode = 'const k = base + j;';
  } else if (axes.length === 1) {
    stepCode = `const k = base + j * ${int(strides[axes[0]!]!)};`;
  } else {
    const terms = axes.map((a, n) => `q${n} * ${int(strides[a]!)}`);
    stepCode = `${coordinates('q', 'j', reducedShape)}\nconst k = base + ${terms.join(' + ')};`;
  }
  return { outShape, count, baseCode, stepCode };
}

/**
 * A reduction kernel: `init` declares accumulators, `step` folds `v` (the element at `k`, index `j`)
 * into them, `finish` returns the output.
 */
export function reductionSource(
  plan: ReductionPlan,
  init: string,
  step: string,
  finish: string,
): string {
  const loop =
    plan.count === 0
      ? ''
      : `for (let j = 0; j < ${int(plan.count)}; j++) {\n${plan.stepCode}\nconst v = a0[k];\n${step}\n}`;
  return kernelSource(1, `${plan.baseCode}\n${init}\n${loop}\n${finish}`);
}
