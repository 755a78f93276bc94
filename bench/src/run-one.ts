// One (framework, workload) pair in its own process:
//   node dist/run-one.js <framework> <workload> <budgetMs>
// readies the framework, times the workload, and prints `REPORT <json>` (a RunReport) as its last
// line. index.ts starts one such process per pair and round, so no pair inherits another's heap,
// JIT state or worker threads.
import { FRAMEWORKS } from './frameworks';
import { median, timeRuns } from './timing';
import { type RunReport, WORKLOADS } from './workloads';

async function main(): Promise<void> {
  const [framework = '', workload = '', budget = '120000'] = process.argv.slice(2);
  const entry = FRAMEWORKS[framework];
  if (entry === undefined)
    throw new Error(
      `run-one: unknown framework '${framework}': expected one of ${Object.keys(FRAMEWORKS).join(', ')}`,
    );
  const spec = WORKLOADS.find((w) => w.name === workload);
  if (spec === undefined)
    throw new Error(
      `run-one: unknown workload '${workload}': expected one of ${WORKLOADS.map((w) => w.name).join(', ')}`,
    );
  const runner = await entry.load();
  const build = runner.workloads[spec.name];
  if (build === undefined) throw new Error(`run-one: ${framework} does not run ${workload}`);
  const description = await runner.setUp();
  const step = await build();
  const { runsMs, cpuMsPerRun } = await timeRuns(step, { budgetMs: Number(budget) });
  const skipped = runsMs.length === 1;
  const report: RunReport = {
    framework,
    description,
    measurement: {
      workload: spec.name,
      rate: skipped ? null : spec.unitsPerCall / (median(runsMs) / 1000),
      cpuRate: skipped ? null : spec.unitsPerCall / (cpuMsPerRun / 1000),
      runsMs,
      ...(skipped && {
        note: `one step took ${(runsMs[0]! / 1000).toFixed(0)} s: over the budget`,
      }),
    },
  };
  console.log(`REPORT ${JSON.stringify(report)}`);
  process.exit(0); // worker threads and wasm runtimes need not linger
}

await main();
