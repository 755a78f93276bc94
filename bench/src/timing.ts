/** What timeRuns measured: each run's wall time, sorted, and the process's CPU time per run. */
export interface Timings {
  runsMs: number[];
  /**
   * CPU time of the whole process (every thread) over the timed runs, per run: on a machine that
   * other jobs share, the work a step costs rather than how long it waited for a core.
   */
  cpuMsPerRun: number;
}

/** The CPU time this process (all its threads) has used, in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Times `fn` (one call = one unit of work): one warm-up call, then at least `minRuns` runs and more
 * while the total stays under `targetMs` (at most `maxRuns`). A warm-up slower than `budgetMs` stops
 * there, returning that one time, so a framework that takes minutes per step does not hold the
 * benchmark for tens of minutes.
 */
export async function timeRuns(
  fn: () => unknown | Promise<unknown>,
  { minRuns = 3, maxRuns = 30, targetMs = 3000, budgetMs = 120_000 } = {},
): Promise<Timings> {
  let start = performance.now();
  await fn();
  const warmup = performance.now() - start;
  if (warmup > budgetMs) return { runsMs: [warmup], cpuMsPerRun: Number.NaN };
  if (warmup < 200) {
    // Fast workloads: one more warm-up so the JIT and buffer pools settle.
    for (let i = 0; i < 2; i++) await fn();
  }
  const times: number[] = [];
  let total = 0;
  const cpuStart = cpuMs();
  while (times.length < minRuns || (total < targetMs && times.length < maxRuns)) {
    start = performance.now();
    await fn();
    const ms = performance.now() - start;
    times.push(ms);
    total += ms;
  }
  return { runsMs: times.sort((a, b) => a - b), cpuMsPerRun: (cpuMs() - cpuStart) / times.length };
}

/** The median of sorted times. */
export function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median and the range of some values (any order); null for none. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  count: number;
}

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { median: median(sorted), min: sorted[0]!, max: sorted.at(-1)!, count: sorted.length };
}
