import { type FrameworkReport, PEAK_GFLOPS, WORKLOADS, type WorkloadName } from './workloads';

/** The issue's targets for Glia's CPU backend: an absolute rate, or a multiple of TF.js wasm. */
const TARGETS: Record<WorkloadName, { rate?: number; timesTfjsWasm?: number }> = {
  'cnn-train': { rate: 2500 },
  'cnn-infer': { rate: 10_000 },
  'mlp-train': { rate: 20_000 },
  'lstm-train': { timesTfjsWasm: 5 },
  matmul: { rate: 75 },
};

function fmtRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '-';
  return rate >= 100 ? rate.toFixed(0) : rate.toFixed(1);
}

function fmtRatio(a: number | null | undefined, b: number | null | undefined): string {
  return a && b ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}x` : '-';
}

/** One Markdown table: every workload against every framework, with ratios, peak and target. */
export function renderTable(reports: FrameworkReport[]): string {
  const rateOf = (framework: string, workload: WorkloadName) =>
    reports
      .find((r) => r.framework === framework)
      ?.measurements.find((m) => m.workload === workload)?.rate;
  const frameworks = reports.map((r) => r.framework);
  const header = [
    'workload',
    'unit',
    ...frameworks,
    'glia-cpu / tfjs-cpu',
    'glia-cpu / tfjs-wasm',
    'glia-cpu GFLOP/s (of 166 peak)',
    'target',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const spec of WORKLOADS) {
    if (!reports.some((r) => r.measurements.some((m) => m.workload === spec.name))) continue;
    const glia = rateOf('glia-cpu', spec.name);
    const wasm = rateOf('tfjs-wasm', spec.name);
    const target = TARGETS[spec.name];
    const goal = target.rate ?? (target.timesTfjsWasm && wasm ? target.timesTfjsWasm * wasm : null);
    const met =
      glia && goal ? (glia >= goal ? 'met' : `${((100 * glia) / goal).toFixed(0)}% of it`) : '';
    const gflops = glia ? glia * spec.gflopPerUnit : null;
    lines.push(
      `| ${[
        spec.label,
        spec.unit,
        ...frameworks.map((f) => fmtRate(rateOf(f, spec.name))),
        fmtRatio(glia, rateOf('tfjs-cpu', spec.name)),
        fmtRatio(glia, wasm),
        gflops ? `${gflops.toFixed(1)} (${((100 * gflops) / PEAK_GFLOPS).toFixed(0)}%)` : '-',
        goal
          ? `${target.rate ? `>= ${target.rate}` : `>= ${target.timesTfjsWasm}x tfjs-wasm (${goal.toFixed(0)})`}: ${met}`
          : '',
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
