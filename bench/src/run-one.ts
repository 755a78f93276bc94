// One framework's process: `node dist/run-one.js <framework> <workload,...> <budgetMs>` measures the
// workloads and prints its report as the last line, `REPORT <json>`. index.ts runs one per framework.
import { runGlia, setUpGlia } from './glia-runner';
import { runTfjs, setUpTfjs } from './tfjs-runner';
import type { FrameworkReport, WorkloadName } from './workloads';

export const FRAMEWORKS = ['glia-cpu', 'glia-gpujs', 'tfjs-cpu', 'tfjs-wasm'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

async function main(): Promise<void> {
  const [framework, list = '', budget = '120000'] = process.argv.slice(2) as [
    Framework,
    string,
    string,
  ];
  const names = list.split(',').filter(Boolean) as WorkloadName[];
  const budgetMs = Number(budget);
  let report: FrameworkReport;
  if (framework === 'glia-cpu' || framework === 'glia-gpujs') {
    const description = await setUpGlia(framework === 'glia-cpu' ? 'cpu' : 'gpujs');
    report = { framework, description, measurements: await runGlia(names, budgetMs) };
  } else if (framework === 'tfjs-cpu' || framework === 'tfjs-wasm') {
    const description = await setUpTfjs(framework === 'tfjs-cpu' ? 'cpu' : 'wasm');
    report = { framework, description, measurements: await runTfjs(names, budgetMs) };
  } else {
    throw new Error(
      `run-one: unknown framework '${String(framework)}': expected one of ${FRAMEWORKS.join(', ')}`,
    );
  }
  console.log(`REPORT ${JSON.stringify(report)}`);
  process.exit(0); // worker threads and wasm runtimes need not linger
}

await main();
