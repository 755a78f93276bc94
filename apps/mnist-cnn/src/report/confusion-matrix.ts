// The confusion matrix of a classifier: counted, printed as a text table and drawn as an SVG heat
// map. Rows are the true classes, columns the predicted ones, as in scikit-learn and Keras.
import { escapeXml, formatNumber } from '@glia/app-support';

/** `matrix[trueClass][predictedClass]` = how many examples of `trueClass` were predicted so. */
export type ConfusionMatrix = number[][];

/** Counts `(labels[i], predictions[i])` pairs into a `numClasses` x `numClasses` matrix. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses: number,
): ConfusionMatrix {
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new RangeError(
      `confusionMatrix: numClasses must be a positive integer, got ${numClasses}`,
    );
  if (labels.length !== predictions.length)
    throw new RangeError(
      `confusionMatrix: ${labels.length} labels but ${predictions.length} predictions: expected as many`,
    );
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const predicted = predictions[i]!;
    for (const [what, value] of [
      ['label', label],
      ['prediction', predicted],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value >= numClasses)
        throw new RangeError(
          `confusionMatrix: ${what} ${i} is ${value}, outside the classes 0..${numClasses - 1}`,
        );
    }
    matrix[label]![predicted]! += 1;
  }
  return matrix;
}

/** The fraction of examples on the diagonal. */
export function matrixAccuracy(matrix: ConfusionMatrix): number {
  let right = 0;
  let total = 0;
  matrix.forEach((row, i) => {
    row.forEach((count, j) => {
      total += count;
      if (i === j) right += count;
    });
  });
  return total === 0 ? 0 : right / total;
}

/**
 * The matrix as a fixed-width table, a row per true class, with each class's recall at the end:
 *
 * ```
 * true\pred     0     1 ...  recall
 *         0   974     0 ...  99.4%
 * ```
 */
export function formatConfusionTable(
  matrix: ConfusionMatrix,
  classNames?: readonly string[],
): string {
  const names = matrix.map((_, i) => classNames?.[i] ?? String(i));
  const width = Math.max(
    4,
    ...names.map((n) => n.length),
    ...matrix.flat().map((count) => String(count).length),
  );
  const cell = (text: string): string => text.padStart(width + 1);
  const corner = 'true\\pred';
  const header = `${corner}${names.map(cell).join('')}  recall`;
  const rows = matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const recall = total === 0 ? '-' : `${((100 * row[i]!) / total).toFixed(1)}%`;
    return `${names[i]!.padStart(corner.length)}${row.map((c) => cell(String(c))).join('')}  ${recall.padStart(6)}`;
  });
  return [header, ...rows].join('\n');
}

/** Layout of the heat map, in SVG user units. */
const CELL = 40;
const MARGIN_LEFT = 70;
const MARGIN_TOP = 60;
const MARGIN_RIGHT = 20;
const MARGIN_BOTTOM = 20;

/** White for none, to deep blue for a row's whole count (colour = share of the true class). */
function cellColour(share: number): string {
  const t = Math.max(0, Math.min(1, share));
  const channel = (from: number, to: number): number => Math.round(from + (to - from) * t);
  return `rgb(${channel(247, 8)},${channel(251, 48)},${channel(255, 107)})`;
}

/**
 * An SVG heat map of the matrix: one `<rect class="cell">` per (true, predicted) pair, coloured by
 * the pair's share of the true class's examples (so rare classes read as well as common ones),
 * with the count written in it.
 */
export function confusionMatrixSvg(
  matrix: ConfusionMatrix,
  options: { title?: string; classNames?: readonly string[] } = {},
): string {
  const n = matrix.length;
  const names = matrix.map((_, i) => options.classNames?.[i] ?? String(i));
  const width = MARGIN_LEFT + n * CELL + MARGIN_RIGHT;
  const height = MARGIN_TOP + n * CELL + MARGIN_BOTTOM;
  const title = options.title ?? 'Confusion matrix';
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${MARGIN_LEFT + (n * CELL) / 2}" y="18" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<text x="${MARGIN_LEFT + (n * CELL) / 2}" y="${MARGIN_TOP - 26}" text-anchor="middle">predicted</text>`,
    `<text x="16" y="${MARGIN_TOP + (n * CELL) / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN_TOP + (n * CELL) / 2})">true</text>`,
  ];
  names.forEach((name, i) => {
    parts.push(
      `<text x="${MARGIN_LEFT + i * CELL + CELL / 2}" y="${MARGIN_TOP - 8}" text-anchor="middle">${escapeXml(name)}</text>`,
      `<text x="${MARGIN_LEFT - 8}" y="${MARGIN_TOP + i * CELL + CELL / 2 + 4}" text-anchor="end">${escapeXml(name)}</text>`,
    );
  });
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, j) => {
      const share = total === 0 ? 0 : count / total;
      const x = MARGIN_LEFT + j * CELL;
      const y = MARGIN_TOP + i * CELL;
      parts.push(
        `<rect class="cell" x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${cellColour(share)}" stroke="#ddd"><title>true ${escapeXml(names[i]!)}, predicted ${escapeXml(names[j]!)}: ${count} (${formatNumber(100 * share)}%)</title></rect>`,
        `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 4}" text-anchor="middle" fill="${share > 0.5 ? 'white' : 'black'}">${count}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
