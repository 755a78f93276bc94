// Training curves as an SVG: one panel per metric (loss, accuracy, ...), each with the training
// series and, when fit had validation data, the validation series (`val_` + the metric's name).
import { escapeXml, formatNumber } from './svg';

/** What `fit` returns (Keras' History): each metric's value per epoch. */
export interface HistoryLike {
  epoch: readonly number[];
  history: Readonly<Record<string, readonly number[]>>;
}

const PANEL_WIDTH = 360;
const PANEL_HEIGHT = 240;
const PLOT = { left: 52, right: 16, top: 34, bottom: 40 };
const COLOURS = { train: '#1f77b4', validation: '#ff7f0e' } as const;

/** The panels' metric names, in the history's order: `['loss', 'accuracy']` for the CNN. */
export function curveMetrics(history: HistoryLike): string[] {
  return Object.keys(history.history).filter((k) => !k.startsWith('val_'));
}

function valueRange(metric: string, values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  // Accuracies live in [0, 1]: show up to 1, from the tenth below the worst value.
  if (/acc/i.test(metric) && min >= 0 && max <= 1) return [Math.floor(min * 10) / 10, 1];
  const lo = Math.min(0, min);
  const hi = max > lo ? max + (max - lo) * 0.05 : lo + 1;
  return [lo, hi];
}

function panel(metric: string, history: HistoryLike, offsetX: number): string[] {
  const epochs = history.epoch.map((e) => e + 1);
  const series = [
    { name: metric, label: 'train', colour: COLOURS.train, values: history.history[metric] ?? [] },
    {
      name: `val_${metric}`,
      label: 'validation',
      colour: COLOURS.validation,
      values: history.history[`val_${metric}`] ?? [],
    },
  ].filter((s) => s.values.length > 0);
  const [lo, hi] = valueRange(
    metric,
    series.flatMap((s) => [...s.values]),
  );
  const plotWidth = PANEL_WIDTH - PLOT.left - PLOT.right;
  const plotHeight = PANEL_HEIGHT - PLOT.top - PLOT.bottom;
  const first = epochs[0] ?? 1;
  const last = epochs[epochs.length - 1] ?? 1;
  const x = (epoch: number): number =>
    offsetX +
    PLOT.left +
    (last === first ? plotWidth / 2 : ((epoch - first) / (last - first)) * plotWidth);
  const y = (value: number): number => PLOT.top + (1 - (value - lo) / (hi - lo)) * plotHeight;

  const parts = [
    `<g class="panel" data-metric="${escapeXml(metric)}">`,
    `<text x="${offsetX + PLOT.left + plotWidth / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(metric)}</text>`,
    `<rect x="${offsetX + PLOT.left}" y="${PLOT.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const value = lo + ((hi - lo) * i) / 4;
    const ty = formatNumber(y(value));
    parts.push(
      `<line x1="${offsetX + PLOT.left}" y1="${ty}" x2="${offsetX + PLOT.left + plotWidth}" y2="${ty}" stroke="#eee"/>`,
      `<text x="${offsetX + PLOT.left - 6}" y="${formatNumber(y(value) + 4)}" text-anchor="end">${value.toFixed(2)}</text>`,
    );
  }
  for (const epoch of epochs) {
    parts.push(
      `<text x="${formatNumber(x(epoch))}" y="${PLOT.top + plotHeight + 16}" text-anchor="middle">${epoch}</text>`,
    );
  }
  parts.push(
    `<text x="${offsetX + PLOT.left + plotWidth / 2}" y="${PANEL_HEIGHT - 6}" text-anchor="middle">epoch</text>`,
  );
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => [x(epochs[i] ?? i + 1), y(v)] as const);
    parts.push(
      `<polyline class="series" data-series="${escapeXml(s.name)}" fill="none" stroke="${s.colour}" stroke-width="2" points="${points.map(([px, py]) => `${formatNumber(px)},${formatNumber(py)}`).join(' ')}"/>`,
      ...points.map(
        ([px, py], i) =>
          `<circle class="point" data-series="${escapeXml(s.name)}" cx="${formatNumber(px)}" cy="${formatNumber(py)}" r="3" fill="${s.colour}"><title>${escapeXml(s.label)} ${escapeXml(metric)}, epoch ${epochs[i]}: ${s.values[i]!.toFixed(4)}</title></circle>`,
      ),
      `<rect x="${offsetX + PLOT.left + 8}" y="${PLOT.top + 8 + k * 16}" width="10" height="10" fill="${s.colour}"/>`,
      `<text x="${offsetX + PLOT.left + 22}" y="${PLOT.top + 17 + k * 16}">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push('</g>');
  return parts;
}

/**
 * An SVG with one panel per metric side by side; each series is a `<polyline class="series">`
 * with a `<circle class="point">` per epoch (hover one for its value).
 */
export function trainingCurvesSvg(history: HistoryLike, options: { title?: string } = {}): string {
  const metrics = curveMetrics(history);
  const width = Math.max(1, metrics.length) * PANEL_WIDTH;
  const title = options.title ?? 'Training curves';
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_HEIGHT}" viewBox="0 0 ${width} ${PANEL_HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${PANEL_HEIGHT}" fill="white"/>`,
    ...metrics.flatMap((metric, i) => panel(metric, history, i * PANEL_WIDTH)),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}
