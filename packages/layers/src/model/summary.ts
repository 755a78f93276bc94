import { formatSymbolicShape } from '../engine/symbolic-shape';
import type { Sequential } from './sequential';

const thousands = (n: number): string => n.toLocaleString('en-US');

/**
 * Keras' model summary: one row per layer with its output shape and parameter count, then the
 * totals.
 */
export function summarize(model: Sequential, lineLength = 65): string {
  const widths = [Math.floor(lineLength * 0.45), Math.floor(lineLength * 0.4)];
  const row = (cells: string[]): string =>
    ` ${cells[0]!.padEnd(widths[0]! - 1)}${cells[1]!.padEnd(widths[1]!)}${cells[2]}`;
  const lines = [`Model: "${model.name}"`, '_'.repeat(lineLength), row(['Layer (type)', 'Output Shape', 'Param #']), '='.repeat(lineLength)];
  let shape = model.inputShape;
  model.layers.forEach((layer, i) => {
    shape = layer.computeOutputShape(shape);
    lines.push(row([`${layer.name} (${layer.className})`, formatSymbolicShape(shape), thousands(layer.countParams())]));
    lines.push(i === model.layers.length - 1 ? '='.repeat(lineLength) : '');
  });
  const total = model.countParams();
  const trainable = model.trainableWeights.reduce((n, w) => n + w.variable.size, 0);
  lines.push(`Total params: ${thousands(total)}`, `Trainable params: ${thousands(trainable)}`, `Non-trainable params: ${thousands(total - trainable)}`, '_'.repeat(lineLength));
  return lines.join('\n');
}
