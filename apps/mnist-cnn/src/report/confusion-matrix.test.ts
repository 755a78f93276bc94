import { parseWellFormedXml } from '@glia/app-support';
import { describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  confusionMatrixSvg,
  formatConfusionTable,
  matrixAccuracy,
} from './confusion-matrix';

describe('confusionMatrix', () => {
  it('counts (true, predicted) pairs into rows of true classes', () => {
    const matrix = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
    expect(matrix).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
    expect(matrixAccuracy(matrix)).toBeCloseTo(4 / 6, 12);
  });

  it('rejects mismatched lengths and classes out of range', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/2 labels but 1 predictions/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(
      /label 1 is 3, outside the classes 0..2/,
    );
    expect(() => confusionMatrix([0], [-1], 3)).toThrow(/prediction 0 is -1/);
    expect(() => confusionMatrix([], [], 0)).toThrow(/numClasses must be a positive integer/);
  });
});

describe('formatConfusionTable', () => {
  it('prints a header of predicted classes, a row per true class and its recall', () => {
    const table = formatConfusionTable([
      [8, 2],
      [0, 0],
    ]);
    expect(table.split('\n')).toEqual([
      'true\\pred    0    1  recall',
      '        0    8    2   80.0%',
      '        1    0    0       -',
    ]);
  });

  it('widens the columns for large counts', () => {
    const table = formatConfusionTable([[123456]]);
    expect(table).toContain(' 123456');
    const lines = table.split('\n');
    expect(lines[0]!.length).toBe(lines[1]!.length);
  });
});

describe('confusionMatrixSvg', () => {
  it('is well-formed SVG with one cell per pair and the counts written in', () => {
    const matrix = [
      [5, 1, 0],
      [0, 3, 2],
      [1, 0, 9],
    ];
    const svg = confusionMatrixSvg(matrix, { title: 'a <small> & "quoted" test' });
    const elements = parseWellFormedXml(svg);
    expect(elements[0]!.name).toBe('svg');
    expect(elements[0]!.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    const cells = elements.filter((e) => e.name === 'rect' && e.attributes.class === 'cell');
    expect(cells).toHaveLength(9);
    expect(svg).toContain('a &lt;small&gt; &amp; &quot;quoted&quot; test');
    expect(svg).toContain('>9</text>');
    // The diagonal cell of the last row (9 of 10) is darker than its off-diagonal one (1 of 10).
    const fill = (row: number, col: number): number =>
      cells[row * 3 + col]!.attributes.fill!.match(/\d+/g)!
        .map(Number)
        .reduce((a, b) => a + b);
    expect(fill(2, 2)).toBeLessThan(fill(2, 0));
    expect(fill(0, 2)).toBe(247 + 251 + 255); // no examples: white
  });
});
