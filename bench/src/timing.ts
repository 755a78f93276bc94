/** Median wall time in milliseconds of `fn` over `runs` runs, after `warmup` unmeasured ones. */
export async function medianMs(
  fn: () => unknown | Promise<unknown>,
  runs = 10,
  warmup = 2,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
