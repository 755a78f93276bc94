/*
 * Scalar special functions the kernels need and Math lacks, accurate to well below float32 precision.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erfc(x) for x >= 0.5 with relative error below 1.2e-7 (Numerical Recipes' Chebyshev fit). */
function erfcTail(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  return (
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  );
}

/** erf(x) by its Maclaurin series, used for |x| < 0.5 where it converges in a dozen terms. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 30; n++) {
    term *= -x2 / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  if (z < 0.5) return erfSeries(x);
  const r = 1 - erfcTail(z);
  return x < 0 ? -r : r;
}

/** The complementary error function 1 - erf(x), without cancellation for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  if (z < 0.5) return 1 - erfSeries(x);
  const tail = erfcTail(z);
  return x < 0 ? 2 - tail : tail;
}

/** Rounds half to even (banker's rounding), as NumPy and TF do. */
export function roundHalfToEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  // Keep the sign of zero, as NumPy does: round(-0.4) is -0.
  return r === 0 && (v < 0 || Object.is(v, -0)) ? -0 : r;
}
