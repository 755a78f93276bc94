import { describe, expect, it } from 'vitest';
import { parseWellFormedXml } from '../testing/well-formed-xml';
import { curveMetrics, trainingCurvesSvg } from './curves-svg';

const history = {
  epoch: [0, 1, 2, 3],
  history: {
    loss: [1.2, 0.6, 0.4, 0.3],
    accuracy: [0.6, 0.82, 0.88, 0.91],
    val_loss: [0.7, 0.5, 0.45, 0.44],
    val_accuracy: [0.8, 0.86, 0.87, 0.9],
  },
};

function points(svg: string, series: string): [number, number][] {
  const line = parseWellFormedXml(svg).find(
    (e) => e.name === 'polyline' && e.attributes['data-series'] === series,
  );
  if (!line) throw new Error(`no polyline for ${series}`);
  return line.attributes
    .points!.split(' ')
    .map((p) => p.split(',').map(Number) as [number, number]);
}

describe('trainingCurvesSvg', () => {
  it('draws a panel per metric with the train and validation series, a point per epoch', () => {
    expect(curveMetrics(history)).toEqual(['loss', 'accuracy']);
    const svg = trainingCurvesSvg(history, { title: 'curves & more' });
    const elements = parseWellFormedXml(svg);
    expect(elements[0]!.name).toBe('svg');
    expect(elements.filter((e) => e.name === 'g' && e.attributes.class === 'panel')).toHaveLength(
      2,
    );
    const series = elements
      .filter((e) => e.name === 'polyline')
      .map((e) => e.attributes['data-series']);
    expect(series).toEqual(['loss', 'val_loss', 'accuracy', 'val_accuracy']);
    expect(elements.filter((e) => e.name === 'circle')).toHaveLength(16);
    for (const name of series) expect(points(svg, name!)).toHaveLength(4);
  });

  it('places epochs left to right and higher values higher up', () => {
    const svg = trainingCurvesSvg(history);
    const loss = points(svg, 'loss');
    const accuracy = points(svg, 'accuracy');
    for (let i = 1; i < 4; i++) {
      expect(loss[i]![0]).toBeGreaterThan(loss[i - 1]![0]);
      expect(loss[i]![1]).toBeGreaterThan(loss[i - 1]![1]); // loss falls: y grows downwards
      expect(accuracy[i]![1]).toBeLessThan(accuracy[i - 1]![1]);
    }
    // The accuracy panel sits to the right of the loss panel.
    expect(accuracy[0]![0]).toBeGreaterThan(loss[3]![0]);
  });

  it('handles one epoch and a run without validation', () => {
    const svg = trainingCurvesSvg({ epoch: [0], history: { loss: [0.5], accuracy: [0.9] } });
    const elements = parseWellFormedXml(svg);
    expect(elements.filter((e) => e.name === 'polyline')).toHaveLength(2);
    expect(elements.filter((e) => e.name === 'circle')).toHaveLength(2);
    expect(svg).not.toContain('NaN');
  });
});
