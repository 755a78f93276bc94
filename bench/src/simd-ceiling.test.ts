import { describe, expect, it } from 'vitest';
import { ceilingModule, ceilingWat } from './simd-ceiling';
import { CEILING_CHAINS } from './workloads';

/** What `peak(n)` of the plain loop returns, step by step in float32 (the lanes all agree). */
function plainReference(n: number): number {
  const f = Math.fround;
  const x = f(1.0000001);
  const y = f(0.0001);
  const a = Array.from({ length: CEILING_CHAINS }, (_, i) => f(i + 1));
  for (let s = 0; s < n; s++)
    for (let i = 0; i < CEILING_CHAINS; i++)
      for (let twice = 0; twice < 2; twice++) a[i] = i % 2 === 0 ? f(a[i]! * x) : f(a[i]! + y);
  let sum = a[0]!;
  for (let i = 1; i < CEILING_CHAINS; i++) sum = f(sum + a[i]!);
  return sum;
}

describe('the SIMD ceiling loop', () => {
  it('runs two multiplies or two adds per chain and step, as its FLOP count assumes', async () => {
    const { module, relaxed } = await ceilingModule();
    // Node 20 without --experimental-wasm-relaxed-simd validates only the plain loop.
    expect(relaxed).toBe(false);
    const { peak } = new WebAssembly.Instance(module).exports as { peak: (n: number) => number };
    for (const n of [0, 1, 3, 1000]) expect(peak(n)).toBe(plainReference(n));
  });

  it('has one relaxed_madd per chain in the relaxed variant; the plain one two ops per chain', () => {
    const text = ceilingWat(true);
    expect(text.match(/relaxed_madd/g)).toHaveLength(CEILING_CHAINS);
    const plain = ceilingWat(false);
    expect(plain.match(/f32x4\.mul \(local\.get \$a\d+\) \(local\.get \$x\)/g)).toHaveLength(
      CEILING_CHAINS,
    );
    expect(plain.match(/f32x4\.add \(local\.get \$a\d+\) \(local\.get \$y\)/g)).toHaveLength(
      CEILING_CHAINS,
    );
  });
});
