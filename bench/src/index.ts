// The benchmark of Glia against TensorFlow.js: `pnpm bench` (after `pnpm build`), or
//   node bench/dist/index.js [--frameworks glia-cpu,tfjs-wasm] [--workloads cnn-train,matmul] [--budget 120]
// Each framework runs in its own Node process, one after the other (never side by side, so they do
// not compete for the cores); each prints its measurements, and this prints one Markdown table of
// samples/s (GFLOP/s for matMul): medians of at least 3 timed runs after a warm-up.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable } from './table';
import { type FrameworkReport, WORKLOADS } from './workloads';

const ALL_FRAMEWORKS = ['glia-cpu', 'glia-gpujs', 'tfjs-cpu', 'tfjs-wasm'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Whether @glia/backend-gpujs is installed and built (another package; optional here). */
function gpujsBuilt(): boolean {
  try {
    const entry = fileURLToPath(import.meta.resolve('@glia/backend-gpujs'));
    return existsSync(entry);
  } catch {
    return false;
  }
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const frameworks = (option('frameworks')?.split(',') ?? ALL_FRAMEWORKS).filter(
    (f) => f !== 'glia-gpujs' || gpujsBuilt(),
  );
  const workloads = option('workloads') ?? WORKLOADS.map((w) => w.name).join(',');
  const budgetMs = 1000 * Number(option('budget') ?? 150);
  console.log(
    `node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), GLIA_THREADS=${process.env.GLIA_THREADS ?? '(every core)'}`,
  );
  const reports: FrameworkReport[] = [];
  for (const framework of frameworks) {
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      [join(here, 'run-one.js'), framework, workloads, String(budgetMs)],
      {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        env: process.env,
      },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('REPORT '));
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (line === undefined) {
      console.log(
        `${framework}: failed after ${seconds} s (exit ${child.status}):\n${child.stderr.slice(-2000)}`,
      );
      continue;
    }
    const report = JSON.parse(line.slice('REPORT '.length)) as FrameworkReport;
    reports.push(report);
    console.log(`${framework}: ${report.description} (${seconds} s)`);
    for (const m of report.measurements) {
      const runs = m.runsMs.map((ms) => ms.toFixed(ms < 10 ? 2 : 0)).join(' ');
      console.log(`  ${m.workload}: ${m.note ?? `runs (ms, sorted) ${runs}`}`);
    }
  }
  console.log(`\n${renderTable(reports)}`);
}

main();
