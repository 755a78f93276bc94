// Forecast against truth as an SVG line chart: the true series in blue, the forecast in orange.
import { escapeXml, formatNumber } from '@glia/app-support';

export interface SeriesLine {
  label: string;
  colour: string;
  values: ArrayLike<number>;
}

const WIDTH = 900;
const HEIGHT = 320;
const PLOT = { left: 52, right: 16, top: 40, bottom: 36 };

/** One panel with every line over the same x axis (step index from `firstStep`). */
export function seriesSvg(
  lines: readonly SeriesLine[],
  options: { title?: string; firstStep?: number } = {},
): string {
  const all = lines.flatMap((l) => Array.from(l.values)).filter(Number.isFinite);
  const lo = all.length === 0 ? 0 : Math.min(...all);
  const hiRaw = all.length === 0 ? 1 : Math.max(...all);
  const hi = hiRaw > lo ? hiRaw : lo + 1;
  const length = Math.max(1, ...lines.map((l) => l.values.length));
  const first = options.firstStep ?? 0;
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const x = (i: number): number =>
    PLOT.left + (length === 1 ? plotWidth / 2 : (i / (length - 1)) * plotWidth);
  const y = (v: number): number => PLOT.top + (1 - (v - lo) / (hi - lo)) * plotHeight;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14">${escapeXml(options.title ?? 'Forecast')}</text>`,
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (const value of [lo, (lo + hi) / 2, hi]) {
    parts.push(
      `<text x="${PLOT.left - 6}" y="${formatNumber(y(value) + 4)}" text-anchor="end">${formatNumber(value)}</text>`,
    );
  }
  parts.push(
    `<text x="${PLOT.left}" y="${HEIGHT - 12}">step ${first}</text>`,
    `<text x="${WIDTH - PLOT.right}" y="${HEIGHT - 12}" text-anchor="end">step ${first + length - 1}</text>`,
  );
  lines.forEach((line, k) => {
    const points = Array.from(line.values, (v, i) => `${formatNumber(x(i))},${formatNumber(y(v))}`);
    parts.push(
      `<polyline class="series" data-label="${escapeXml(line.label)}" fill="none" stroke="${line.colour}" stroke-width="1.2" points="${points.join(' ')}"/>`,
      `<rect x="${PLOT.left + 10 + k * 120}" y="${PLOT.top + 8}" width="12" height="3" fill="${line.colour}"/>`,
      `<text x="${PLOT.left + 26 + k * 120}" y="${PLOT.top + 13}">${escapeXml(line.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
