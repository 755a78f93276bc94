/**
 * Runs reliability cases and counts, per class, the cases tried and the cases that hold. A case
 * holds when every check passes: the named error (a GliaError subclass whose message matches) or the
 * documented value; `memory().numTensors` unchanged; `Object.prototype` unchanged; for allocation
 * cases, the process's peak and current RSS grew by less than the bound; for file cases, no file was
 * read outside the model's folder.
 */
import { GliaError, memory } from '@glia/core';
import { filesRead } from './file-reads';

type ErrorClass = abstract new (...args: never[]) => Error;

/** One hostile input and what must happen. */
export interface Case {
  title: string;
  /** The call; it may return a value for `check`, or a promise. */
  run: () => unknown;
  /** Makes the inputs before anything is measured (their tensors are not counted). */
  setup?: () => void;
  /** The error it must throw (a GliaError subclass) and its message. */
  error?: ErrorClass;
  message?: RegExp;
  /** For cases that must succeed: returns a problem, or undefined when the value is as documented. */
  check?: (value: unknown) => string | undefined | Promise<string | undefined>;
  /** Peak RSS growth allowed, in bytes (allocation cases). */
  rssBound?: number;
  /** Files may only be read inside this folder (model-file cases). */
  folder?: string;
  /** Whether the value (or a model) must be disposed by `check` before tensors are counted. */
  skipTensorCount?: boolean;
}

/** What one case gave. */
export interface Outcome {
  title: string;
  held: boolean;
  problems: string[];
  /** Growth of this process's peak and current RSS in bytes; NaN when the case ran elsewhere. */
  rssGrowth: number;
}

const prototypeSnapshot = (): string =>
  Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/** Peak resident set size so far, in bytes. */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Runs one case and checks every property. */
export async function runCase(c: Case): Promise<Outcome> {
  const problems: string[] = [];
  c.setup?.();
  const prototypeBefore = prototypeSnapshot();
  const tensorsBefore = memory().numTensors;
  const peakBefore = peakRss();
  const rssBefore = process.memoryUsage().rss;
  const reads = filesRead();
  reads.length = 0;
  let value: unknown;
  let caught: unknown;
  try {
    value = await c.run();
  } catch (e) {
    caught = e;
  }
  if (c.error) {
    if (caught === undefined) problems.push('no error thrown');
    else if (!(caught instanceof GliaError)) problems.push(`not a GliaError: ${String(caught)}`);
    else if (!(caught instanceof c.error))
      problems.push(`a ${(caught as Error).name}, expected a ${c.error.name}: ${String(caught)}`);
    else if (c.message && !c.message.test((caught as Error).message))
      problems.push(
        `message ${JSON.stringify((caught as Error).message)} does not match ${c.message}`,
      );
  } else if (caught !== undefined) {
    problems.push(`threw ${String(caught)}`);
  } else if (c.check) {
    const problem = await c.check(value);
    if (problem) problems.push(problem);
  }
  const rssGrowth = Math.max(peakRss() - peakBefore, process.memoryUsage().rss - rssBefore);
  if (c.rssBound !== undefined && rssGrowth > c.rssBound)
    problems.push(
      `RSS grew by ${(rssGrowth / 2 ** 20).toFixed(1)} MiB (bound ${c.rssBound / 2 ** 20} MiB)`,
    );
  if (!c.skipTensorCount && memory().numTensors !== tensorsBefore)
    problems.push(`numTensors ${tensorsBefore} -> ${memory().numTensors}`);
  if (prototypeSnapshot() !== prototypeBefore) problems.push('Object.prototype changed');
  if (({} as Record<string, unknown>).polluted !== undefined)
    problems.push('Object.prototype polluted');
  if (c.folder !== undefined) {
    const outside = reads.filter((f) => !f.startsWith(`${c.folder}/`) && f !== c.folder);
    if (outside.length > 0) problems.push(`read outside the model folder: ${outside.join(', ')}`);
  }
  return { title: c.title, held: problems.length === 0, problems, rssGrowth };
}

/** A class of defects and its outcomes. */
export interface ClassResult {
  name: string;
  outcomes: Outcome[];
}

/** The table of cases tried and holding, per class, as printed in the issue note. */
export function formatTable(results: readonly ClassResult[]): string {
  const rows = results.map((r) => {
    const held = r.outcomes.filter((o) => o.held).length;
    const measured = r.outcomes.map((o) => o.rssGrowth).filter((g) => !Number.isNaN(g));
    const peak = measured.length > 0 ? (Math.max(0, ...measured) / 2 ** 20).toFixed(1) : '-';
    return [r.name, String(r.outcomes.length), String(held), peak];
  });
  const header = ['class', 'tried', 'hold', 'max RSS growth (MiB)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const total = results.reduce(
    (t, r) => [t[0]! + r.outcomes.length, t[1]! + r.outcomes.filter((o) => o.held).length],
    [0, 0],
  );
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    line(['total', String(total[0]), String(total[1]), '']),
  ].join('\n');
}
