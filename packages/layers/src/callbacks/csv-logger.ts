import { checkOptions, GliaError, ValueError } from '@glia/core';
import { Callback, type Logs } from './callback';
import { requireField } from './monitor';

/** `csvLogger` settings (Keras' names and defaults). */
export interface CsvLoggerArgs {
  /** The file to write (a path, or `file://path`). */
  filename: string;
  /** Default `','`. */
  separator?: string;
  /** Add to an existing file (writing the header only if it is empty) instead of replacing it. Default false. */
  append?: boolean;
}

const CSV_LOGGER_KEYS = Object.keys({
  filename: true,
  separator: true,
  append: true,
} satisfies Record<keyof CsvLoggerArgs, true>);

type FileSystem = typeof import('node:fs/promises');

function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } } };
  return typeof g.process?.versions?.node === 'string';
}

/** A CSV field, quoted when it holds the separator, a quote or a line break. */
function csvField(text: string, separator: string): string {
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes each epoch's logs as a CSV row (Keras' CSVLogger): a header `epoch,<keys sorted>` and one
 * line per epoch. Node only: it writes with `node:fs`.
 */
export class CsvLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private fs?: FileSystem;
  private keys?: string[];
  private writeHeader = true;

  constructor(args: CsvLoggerArgs) {
    super();
    const op = 'csvLogger';
    checkOptions(op, `${op}({ filename, separator?, append? })`, args, CSV_LOGGER_KEYS);
    requireField(op, args, 'filename', "{ filename: 'training.csv' }", true);
    if (!isNode()) {
      throw new GliaError(
        `${op}: writing '${args.filename}' needs Node's file system (node:fs), which this environment lacks; in a browser, collect the logs with customCallback({ onEpochEnd })`,
      );
    }
    this.filename = args.filename.replace(/^file:\/\//, '');
    this.separator = args.separator ?? ',';
    if (this.separator === '' || /["\r\n]/.test(this.separator))
      throw new ValueError(
        `${op}: separator must be a non-empty string without quotes or line breaks, got ${JSON.stringify(this.separator)}`,
      );
    this.append = args.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.fs ??= await import('node:fs/promises');
    this.keys = undefined;
    if (this.append) {
      const existing = await this.fs.readFile(this.filename, 'utf8').catch(() => '');
      this.writeHeader = existing.length === 0;
    } else {
      await this.fs.writeFile(this.filename, '');
      this.writeHeader = true;
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (!this.fs) return;
    this.keys ??= Object.keys(logs).sort();
    const row = (fields: string[]): string =>
      `${fields.map((f) => csvField(f, this.separator)).join(this.separator)}\n`;
    let text = '';
    if (this.writeHeader) {
      text += row(['epoch', ...this.keys]);
      this.writeHeader = false;
    }
    text += row([
      String(epoch),
      ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k]))),
    ]);
    await this.fs.appendFile(this.filename, text);
  }
}

/**
 * Logs each epoch to a CSV file (Node).
 *
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [csvLogger({ filename: 'training.csv' })] });
 * ```
 */
export function csvLogger(args: CsvLoggerArgs): CsvLogger {
  return new CsvLogger(args);
}
