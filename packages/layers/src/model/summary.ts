/** Keras' model summary as text, from the rows a model gives. */

const thousands = (n: number): string => n.toLocaleString('en-US');

/** One layer's row. */
export interface SummaryRow {
  /** `name (ClassName)`. */
  name: string;
  shape: string;
  params: number;
  /** `layer[node][tensor]` per input (graph models' "Connected to" column). */
  connected: string[];
}

/** `model.summary` settings. */
export interface SummaryArgs {
  /** The table's width in characters (Keras' default: 98 for graph models, 65 for Sequential). */
  lineLength?: number;
  /** Print the table with `console.log` (default true); it is returned either way. */
  print?: boolean;
}

/** `summary`'s option keys (the compiler checks them against SummaryArgs). */
export const SUMMARY_KEYS = Object.keys({
  lineLength: true,
  print: true,
} satisfies Record<keyof SummaryArgs, true>);
export const SUMMARY_FORM = 'summary({ lineLength?, print? })';

/**
 * Keras' model summary: one row per layer with its output shape and parameter count (and, with
 * `connected`, the tensors it takes), then the totals.
 */
export function summarize(
  rows: readonly SummaryRow[],
  totals: { total: number; trainable: number },
  options: { name: string; connected: boolean; lineLength?: number },
): string {
  let lineLength = options.lineLength ?? (options.connected ? 98 : 65);
  const cells = rows.map((r) => [r.name, r.shape, thousands(r.params)]);
  // Keras' column positions (of the line), widened when a cell would not leave a space before
  // the next column (Keras 2 truncated it: `max_pooling2d (MaxPooling2D` ).
  const widths = options.connected
    ? [Math.floor(lineLength * 0.33), Math.floor(lineLength * 0.22), Math.floor(lineLength * 0.12)]
    : [Math.floor(lineLength * 0.45), Math.floor(lineLength * 0.4)];
  for (const row of cells) {
    widths[0] = Math.max(widths[0]!, row[0]!.length + 2);
    widths[1] = Math.max(widths[1]!, row[1]!.length + 1);
    if (options.connected) widths[2] = Math.max(widths[2]!, row[2]!.length + 1);
  }
  const minimum = widths.reduce((a, b) => a + b, 0) + 10;
  lineLength = Math.max(lineLength, minimum);
  const row = (c: string[]): string => {
    const head = ` ${c[0]!.padEnd(widths[0]! - 1)}${c[1]!.padEnd(widths[1]!)}`;
    return options.connected
      ? `${head}${c[2]!.padEnd(widths[2]!)}${c[3] ?? ''}`.trimEnd()
      : `${head}${c[2]}`;
  };
  const lines = [
    `Model: "${options.name}"`,
    '_'.repeat(lineLength),
    row(['Layer (type)', 'Output Shape', 'Param #', 'Connected to']),
    '='.repeat(lineLength),
  ];
  cells.forEach((cell, i) => {
    if (options.connected) {
      const links = rows[i]!.connected;
      lines.push(row([...cell, links[0] ?? '']));
      for (const link of links.slice(1)) lines.push(row(['', '', '', link]));
    } else {
      lines.push(row(cell));
    }
    lines.push(i === cells.length - 1 ? '='.repeat(lineLength) : '');
  });
  lines.push(
    `Total params: ${thousands(totals.total)}`,
    `Trainable params: ${thousands(totals.trainable)}`,
    `Non-trainable params: ${thousands(totals.total - totals.trainable)}`,
    '_'.repeat(lineLength),
  );
  return lines.join('\n');
}
