import { formatSymbolicShape } from '../engine/symbolic-shape';
import type { Sequential } from './sequential';

const thousands = (n: number): string => n.toLocaleString('en-US');

/**
 * Keras' model summary: one row per layer with its output shape and parameter count, then the
 * totals.
 */
export function summarize(model: Sequential, lineLength = 65): string {
  let shape = model.inputShape;
  const cells = model.layers.map((layer) => {
    shape = layer.computeOutputShape(shape);
    return [
      `${layer.name} (${layer.className})`,
      formatSymbolicShape(shape),
      thousands(layer.countParams()),
    ];
  });
  // Keras' column positions (45% and 85% of the line), widened when a cell would not leave a space
  // before the next column (Keras 2 truncated it: `max_pooling2d (MaxPooling2D` ).
  const widths = [Math.floor(lineLength * 0.45), Math.floor(lineLength * 0.4)];
  for (const row of cells) {
    widths[0] = Math.max(widths[0]!, row[0]!.length + 2);
    widths[1] = Math.max(widths[1]!, row[1]!.length + 1);
  }
  lineLength = Math.max(lineLength, widths[0]! + widths[1]! + 10);
  const row = (cells: string[]): string =>
    ` ${cells[0]!.padEnd(widths[0]! - 1)}${cells[1]!.padEnd(widths[1]!)}${cells[2]}`;
  const lines = [
    `Model: "${model.name}"`,
    '_'.repeat(lineLength),
    row(['Layer (type)', 'Output Shape', 'Param #']),
    '='.repeat(lineLength),
  ];
  cells.forEach((cell, i) => {
    lines.push(row(cell));
    lines.push(i === cells.length - 1 ? '='.repeat(lineLength) : '');
  });
  const total = model.countParams();
  const trainable = model.trainableWeights.reduce((n, w) => n + w.variable.size, 0);
  lines.push(
    `Total params: ${thousands(total)}`,
    `Trainable params: ${thousands(trainable)}`,
    `Non-trainable params: ${thousands(total - trainable)}`,
    '_'.repeat(lineLength),
  );
  return lines.join('\n');
}
