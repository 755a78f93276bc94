import { type Spread, spread } from './timing';
import { WORKLOADS, type WorkloadName } from './workloads';

/** Each round's rate of every (framework, workload) pair that ran; null where a round failed. */
export type RoundRates = Record<string, Partial<Record<WorkloadName, (number | null)[]>>>;

/** The issue's targets for Glia's CPU backend: multiples of TF.js wasm, fractions of ORT. */
const TARGETS: Partial<Record<WorkloadName, { timesTfjsWasm?: number; ofOrt?: number }>> = {
  'cnn-train': { timesTfjsWasm: 25 },
  'cnn-infer': { timesTfjsWasm: 2, ofOrt: 0.25 },
  'mlp-train': { timesTfjsWasm: 8 },
  'lstm-train': { timesTfjsWasm: 10 },
};
/** matMul's target: this fraction of the ceiling loop, with or without relaxed SIMD. */
const CEILING_TARGET = 0.9;

function fmt(value: number): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function fmtSpread(s: Spread | null, unit = ''): string {
  if (s === null) return '-';
  if (s.count === 1) return `${fmt(s.median)}${unit}`;
  return `${fmt(s.median)}${unit} (${fmt(s.min)}-${fmt(s.max)})`;
}

/** Round-by-round ratios a[i] / b[i] of two pairs measured in the same rounds. */
function pairedRatios(
  a: (number | null)[] | undefined,
  b: (number | null)[] | undefined,
): Spread | null {
  if (a === undefined || b === undefined) return null;
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x != null && y != null && y > 0) ratios.push(x / y);
  }
  return spread(ratios);
}

const present = (values: (number | null)[] | undefined): number[] =>
  (values ?? []).filter((v): v is number => v !== null);

/**
 * One Markdown table: every workload against every framework (medians over the rounds, with
 * their range), Glia's ratios to TF.js wasm and ONNX Runtime from the same rounds, and the targets.
 */
export function renderTable(rates: RoundRates, frameworks: readonly string[]): string {
  const header = [
    'workload',
    'unit',
    ...frameworks,
    'glia-cpu / tfjs-wasm',
    'glia-cpu / ort-node',
    'target',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  const glia = (w: WorkloadName) => rates['glia-cpu']?.[w];
  for (const spec of WORKLOADS) {
    if (!frameworks.some((f) => rates[f]?.[spec.name] !== undefined)) continue;
    const toWasm = pairedRatios(glia(spec.name), rates['tfjs-wasm']?.[spec.name]);
    const toOrt = pairedRatios(glia(spec.name), rates['ort-node']?.[spec.name]);
    const goals: string[] = [];
    const target = TARGETS[spec.name];
    if (target?.timesTfjsWasm !== undefined)
      goals.push(
        `>= ${target.timesTfjsWasm}x tfjs-wasm${toWasm ? (toWasm.median >= target.timesTfjsWasm ? ': met' : `: ${fmt((100 * toWasm.median) / target.timesTfjsWasm)}% of it`) : ''}`,
      );
    if (target?.ofOrt !== undefined)
      goals.push(
        `>= ${100 * target.ofOrt}% of ort-node${toOrt ? (toOrt.median >= target.ofOrt ? ': met' : `: ${fmt(toOrt.median * 100)}% now`) : ''}`,
      );
    if (spec.name === 'matmul') {
      const ofCeiling = pairedRatios(glia('matmul'), rates['wasm-ceiling']?.['simd-peak']);
      goals.push(
        `>= ${100 * CEILING_TARGET}% of the ceiling${ofCeiling ? `: ${fmtSpread({ ...ofCeiling, median: 100 * ofCeiling.median, min: 100 * ofCeiling.min, max: 100 * ofCeiling.max }, '%')}` : ''}`,
      );
      const relaxed = pairedRatios(
        rates['glia-cpu-relaxed']?.matmul,
        rates['wasm-ceiling-relaxed']?.['simd-peak'],
      );
      if (relaxed)
        goals.push(
          `relaxed SIMD: ${fmt(100 * relaxed.median)}% (${fmt(100 * relaxed.min)}-${fmt(100 * relaxed.max)}%) of its ceiling`,
        );
    }
    lines.push(
      `| ${[
        spec.label,
        spec.unit,
        ...frameworks.map((f) => fmtSpread(spread(present(rates[f]?.[spec.name])))),
        fmtSpread(toWasm, 'x'),
        fmtSpread(toOrt, 'x'),
        goals.join('; '),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
