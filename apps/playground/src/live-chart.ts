/**
 * The live chart: one SVG panel per metric (loss, accuracy), the training value after each batch
 * (the epoch's running mean, as Keras reports it), redrawn at most once per animation frame.
 */

import { type PlotArea, polylinePoints, valueRange } from './chart-geometry';
import { escapeXml } from './html';

const PANEL = { width: 320, height: 200 };
const AREA: PlotArea = { left: 44, top: 28, width: 260, height: 140 };
const COLOURS: Record<string, string> = { loss: '#d62728', accuracy: '#1f77b4' };

export class LiveChart {
  private readonly series = new Map<string, number[]>();
  private lastStep = 0;
  private frame: number | undefined;

  constructor(
    private readonly host: HTMLElement,
    private readonly metrics: readonly string[] = ['loss', 'accuracy'],
  ) {
    this.reset(0);
  }

  /** Clears the chart for a run of `plannedSteps` batches (the x axis's length). */
  reset(plannedSteps: number): void {
    for (const m of this.metrics) this.series.set(m, []);
    this.lastStep = Math.max(1, plannedSteps - 1);
    this.render();
  }

  /** Adds one batch's values. */
  add(values: Readonly<Record<string, number | undefined>>): void {
    for (const m of this.metrics) this.series.get(m)!.push(values[m] ?? Number.NaN);
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  /** How many batches are drawn. */
  get points(): number {
    return this.series.get(this.metrics[0]!)!.length;
  }

  private render(): void {
    const width = PANEL.width * this.metrics.length;
    const panels = this.metrics.map((metric, i) => {
      const values = this.series.get(metric)!;
      const range = valueRange(metric, values);
      const dx = i * PANEL.width;
      const area = { ...AREA, left: AREA.left + dx };
      const last = values.length > 0 ? values[values.length - 1]! : undefined;
      const ticks = [0, 0.5, 1].map((t) => {
        const v = range[0] + t * (range[1] - range[0]);
        const y = AREA.top + (1 - t) * AREA.height;
        return `<line x1="${area.left}" x2="${area.left + AREA.width}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${area.left - 4}" y="${y + 4}" text-anchor="end">${v.toFixed(2)}</text>`;
      });
      return [
        `<g class="panel" data-metric="${escapeXml(metric)}" data-points="${values.length}">`,
        `<text x="${area.left + AREA.width / 2}" y="16" text-anchor="middle" font-weight="bold">${escapeXml(metric)}${last === undefined ? '' : ` ${last.toFixed(3)}`}</text>`,
        ...ticks,
        `<rect x="${area.left}" y="${AREA.top}" width="${AREA.width}" height="${AREA.height}" fill="none" stroke="#999"/>`,
        `<polyline class="series" fill="none" stroke="${COLOURS[metric] ?? '#333'}" stroke-width="1.5" points="${polylinePoints(values, area, range, this.lastStep)}"/>`,
        `<text x="${area.left + AREA.width / 2}" y="${PANEL.height - 8}" text-anchor="middle">batch</text>`,
        '</g>',
      ].join('');
    });
    this.host.dataset.points = String(this.points);
    this.host.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${PANEL.height}" width="${width}" height="${PANEL.height}" font-family="sans-serif" font-size="11">${panels.join('')}</svg>`;
  }
}
