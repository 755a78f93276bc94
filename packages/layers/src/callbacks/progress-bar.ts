import { checkOptions, ValueError } from '@glia/core';
import { Callback, type Logs } from './callback';

/** `ProgressBar` settings. */
export interface ProgressBarArgs {
  /** 1: a bar redrawn in place on a terminal (one line per epoch elsewhere); 2: one line per epoch. */
  verbose?: 1 | 2;
  /** Where the text goes (default: `process.stdout.write` in Node, else `console.log` per line). */
  write?: (text: string) => void;
  /** Whether the output is a terminal that honours `\r` (default: `process.stdout.isTTY`). */
  isTTY?: boolean;
  /** Least milliseconds between redraws of the bar (default 50). */
  intervalMs?: number;
}

const PROGRESS_BAR_KEYS = Object.keys({
  verbose: true,
  write: true,
  isTTY: true,
  intervalMs: true,
} satisfies Record<keyof ProgressBarArgs, true>);

const BAR_WIDTH = 30;

/** Keras' number format in logs: 4 decimals, or exponent form for tiny values. */
export function formatLogValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value === 0 || Math.abs(value) >= 1e-3 ? value.toFixed(4) : value.toExponential(4);
}

/** ` - loss: 0.2345 - accuracy: 0.9312` */
export function formatLogs(logs: Logs | undefined): string {
  return Object.entries(logs ?? {})
    .map(([key, value]) => ` - ${key}: ${formatLogValue(value)}`)
    .join('');
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600)
    return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  if (s >= 60) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return `${s}s`;
}

function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(0)}s/step`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(0)}ms/step`;
  return `${(seconds * 1e6).toFixed(0)}us/step`;
}

function defaultOutput(): { write: (text: string) => void; isTTY: boolean } {
  const g = globalThis as {
    process?: { stdout?: { write?: (text: string) => unknown; isTTY?: boolean } };
  };
  const stdout = g.process?.stdout;
  if (stdout && typeof stdout.write === 'function') {
    return { write: (text) => void stdout.write!(text), isTTY: stdout.isTTY === true };
  }
  // No stream (a browser): console.log each finished line.
  let pending = '';
  return {
    write: (text) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) console.log(line);
    },
    isTTY: false,
  };
}

/**
 * Keras' progress output for `fit` (added by `verbose: 1 | 2`). On a terminal with `verbose: 1`:
 *
 * ```
 * Epoch 1/5
 *  120/938 [===>..........................] - ETA: 35s - loss: 0.2345 - accuracy: 0.9312
 * ```
 *
 * redrawn in place; when the output is not a terminal (CI, a log file), and with `verbose: 2`,
 * one line per epoch and no `\r`.
 */
export class ProgressBar extends Callback {
  private readonly verbose: 1 | 2;
  private readonly write: (text: string) => void;
  private readonly isTTY: boolean;
  private readonly intervalMs: number;
  private epochStart = 0;
  private lastDraw = 0;
  private lastWidth = 0;
  private seen = 0;
  /** Batches counted in the previous epoch: the step count when `fit` cannot know it. */
  private stepsSeen?: number;
  private batchLogs: Logs = {};

  constructor(args: ProgressBarArgs = {}) {
    super();
    checkOptions(
      'ProgressBar',
      'new ProgressBar({ verbose?, write?, isTTY?, intervalMs? })',
      args,
      PROGRESS_BAR_KEYS,
    );
    const verbose = args.verbose ?? 1;
    if (verbose !== 1 && verbose !== 2)
      throw new ValueError(`ProgressBar: verbose must be 1 or 2, got ${String(verbose)}`);
    this.verbose = verbose;
    const output = defaultOutput();
    this.write = args.write ?? output.write;
    this.isTTY = args.isTTY ?? (args.write ? false : output.isTTY);
    this.intervalMs = args.intervalMs ?? 50;
  }

  private get steps(): number | undefined {
    return this.params?.steps ?? this.stepsSeen;
  }

  private get live(): boolean {
    return this.verbose === 1 && this.isTTY;
  }

  private epochLabel(epoch: number): string {
    return `Epoch ${epoch + 1}/${this.params?.epochs ?? '?'}`;
  }

  override onEpochBegin(epoch: number): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    this.lastWidth = 0;
    this.seen = 0;
    this.batchLogs = {};
    if (this.live) this.write(`${this.epochLabel(epoch)}\n`);
  }

  override onBatchEnd(batch: number, logs?: Logs): void {
    this.seen = batch + 1;
    this.batchLogs = { ...logs };
    if (!this.live) return;
    const now = performance.now();
    const last = this.steps !== undefined && this.seen >= this.steps;
    if (!last && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.redraw(this.barLine(now, this.batchLogs, false));
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const now = performance.now();
    this.stepsSeen = this.seen;
    const epochLogs = logs ?? this.batchLogs;
    if (this.live) {
      this.redraw(this.barLine(now, epochLogs, true));
      this.write('\n');
      return;
    }
    const elapsed = (now - this.epochStart) / 1000;
    const perStep = this.seen > 0 ? elapsed / this.seen : 0;
    const bar = this.verbose === 1 ? this.bar() : '';
    const progress = bar ? `${this.counter()} ${bar}` : this.counter();
    this.write(
      `${this.epochLabel(epoch)} - ${progress} - ${formatDuration(elapsed)} ${formatPerStep(perStep)}${formatLogs(epochLogs)}\n`,
    );
  }

  private counter(): string {
    const steps = this.steps;
    if (steps === undefined) return `${this.seen}/Unknown`;
    return `${String(this.seen).padStart(String(steps).length)}/${steps}`;
  }

  private bar(): string {
    const steps = this.steps;
    if (steps === undefined || steps === 0) return '';
    const done = Math.min(this.seen, steps);
    const filled = Math.floor((BAR_WIDTH * done) / steps);
    const head = filled > 0 ? `${'='.repeat(filled - 1)}${done < steps ? '>' : '='}` : '';
    return `[${head}${'.'.repeat(BAR_WIDTH - head.length)}]`;
  }

  private barLine(now: number, logs: Logs, final: boolean): string {
    const elapsed = (now - this.epochStart) / 1000;
    const steps = this.steps;
    let timing: string;
    if (final || steps === undefined) {
      timing = `${formatDuration(elapsed)} ${formatPerStep(this.seen > 0 ? elapsed / this.seen : 0)}`;
    } else {
      const eta = this.seen > 0 ? (elapsed / this.seen) * (steps - this.seen) : 0;
      timing = `ETA: ${formatDuration(eta)}`;
    }
    const bar = this.bar();
    return `${this.counter()}${bar ? ` ${bar}` : ''} - ${timing}${formatLogs(logs)}`;
  }

  /** Redraws the line in place, blanking what a longer previous line left. */
  private redraw(line: string): void {
    const padding = Math.max(0, this.lastWidth - line.length);
    this.write(`\r${line}${' '.repeat(padding)}`);
    this.lastWidth = line.length;
  }
}
