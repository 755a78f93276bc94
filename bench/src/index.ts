// The benchmark of Glia against TensorFlow.js and ONNX Runtime: `pnpm bench` (after `pnpm build`), or
//   node bench/dist/index.js [--frameworks glia-cpu,tfjs-wasm] [--workloads cnn-infer,matmul]
//                            [--rounds 3] [--budget 150]
// Every (framework, workload) pair runs in its own Node process, one at a time (never side by side,
// so they do not compete for the cores). A round measures every pair once, workload by workload,
// the frameworks in turn (in reverse order on odd rounds, so a drift in the machine's load favours
// none); the table shows each pair's median over the rounds with its range, and Glia's ratios
// round by round.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRAMEWORKS } from './frameworks';
import { type RoundRates, renderTable } from './table';
import { benchThreads, type RunReport, WORKLOADS, type WorkloadName } from './workloads';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function positiveInteger(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`bench: --${name} must be a positive integer, got '${text}'`);
  return value;
}

/** Whether @glia/backend-gpujs is installed and built (another package; optional here). */
function gpujsBuilt(): boolean {
  try {
    return existsSync(fileURLToPath(import.meta.resolve('@glia/backend-gpujs')));
  } catch {
    return false;
  }
}

function chosenFrameworks(): string[] {
  const named = option('frameworks')?.split(',').filter(Boolean);
  const names = named ?? Object.keys(FRAMEWORKS).filter((f) => FRAMEWORKS[f]!.byDefault);
  for (const name of names)
    if (FRAMEWORKS[name] === undefined)
      throw new Error(
        `bench: unknown framework '${name}': expected some of ${Object.keys(FRAMEWORKS).join(', ')}`,
      );
  return names.filter((f) => f !== 'glia-gpujs' || gpujsBuilt());
}

function chosenWorkloads(): WorkloadName[] {
  const names = option('workloads')?.split(',').filter(Boolean) ?? WORKLOADS.map((w) => w.name);
  return names.map((name) => {
    const spec = WORKLOADS.find((w) => w.name === name);
    if (spec === undefined)
      throw new Error(
        `bench: unknown workload '${name}': expected some of ${WORKLOADS.map((w) => w.name).join(', ')}`,
      );
    return spec.name;
  });
}

/** Runs one pair in its own process; its report, or null (and why, printed) when it failed. */
function runPair(
  here: string,
  framework: string,
  workload: WorkloadName,
  budgetMs: number,
): RunReport | null {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      ...(FRAMEWORKS[framework]!.nodeFlags ?? []),
      join(here, 'run-one.js'),
      framework,
      workload,
      String(budgetMs),
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20, env: process.env },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const line = child.stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (line === undefined) {
    console.log(
      `  ${framework} ${workload}: failed after ${seconds} s (exit ${child.status}): ${child.stderr.slice(-1500)}`,
    );
    return null;
  }
  const report = JSON.parse(line.slice('REPORT '.length)) as RunReport;
  const m = report.measurement;
  const runs = m.runsMs.map((ms) => ms.toFixed(ms < 10 ? 2 : 0)).join(' ');
  console.log(
    `  ${framework} ${workload}: ${m.rate === null ? m.note : `${m.rate.toFixed(1)}, per CPU-second ${m.cpuRate?.toFixed(1)} (runs, ms: ${runs})`} [${seconds} s]`,
  );
  return report;
}

/** Appends one round's value of a pair. */
function record(
  table: RoundRates,
  framework: string,
  workload: WorkloadName,
  value: number | null,
): void {
  const forFramework = table[framework] ?? {};
  table[framework] = forFramework;
  const rounds = forFramework[workload] ?? [];
  forFramework[workload] = rounds;
  rounds.push(value);
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const frameworks = chosenFrameworks();
  const workloads = chosenWorkloads();
  const rounds = positiveInteger('rounds', 3);
  const budgetMs = 1000 * positiveInteger('budget', 150);
  console.log(
    `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${benchThreads()} threads each (GLIA_THREADS=${process.env.GLIA_THREADS ?? 'unset'}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const rates: RoundRates = {};
  const cpuRates: RoundRates = {};
  const descriptions = new Map<string, string>();
  for (let round = 0; round < rounds; round++) {
    console.log(`round ${round + 1} of ${rounds}`);
    const order = round % 2 === 0 ? frameworks : [...frameworks].reverse();
    for (const workload of workloads) {
      for (const framework of order) {
        if (!FRAMEWORKS[framework]!.workloads.includes(workload)) continue;
        const report = runPair(here, framework, workload, budgetMs);
        descriptions.set(framework, report?.description ?? descriptions.get(framework) ?? '');
        record(rates, framework, workload, report?.measurement.rate ?? null);
        record(cpuRates, framework, workload, report?.measurement.cpuRate ?? null);
      }
    }
  }
  console.log('');
  for (const framework of frameworks)
    console.log(`- ${framework}: ${descriptions.get(framework) ?? 'no run succeeded'}`);
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n\nWall time (units per second):\n\n${renderTable(rates, frameworks)}`,
  );
  console.log(
    `\nCPU time (units per second of the process's CPU time, all threads):\n\n${renderTable(cpuRates, frameworks)}`,
  );
}

main();
