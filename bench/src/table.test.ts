import { describe, expect, it } from 'vitest';
import { renderTable } from './table';
import { spread } from './timing';

describe('spread', () => {
  it('gives the median and the range of values in any order', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, count: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, count: 4 });
    expect(spread([])).toBeNull();
  });
});

describe('renderTable', () => {
  const rates = {
    'glia-cpu': { 'cnn-infer': [1000, 1500, 900], matmul: [80, 90, null] },
    'tfjs-wasm': { 'cnn-infer': [400, 500, 600] },
    'wasm-ceiling': { 'simd-peak': [100, 95, 90] },
  };
  const lines = renderTable(rates, ['glia-cpu', 'tfjs-wasm', 'wasm-ceiling']).split('\n');

  it('shows medians with ranges and round-by-round ratios against their targets', () => {
    const infer = lines.find((l) => l.startsWith('| seed CNN inference'))!;
    // Rounds 1000/400, 1500/500, 900/600: ratios 2.5, 3 and 1.5, median 2.5.
    expect(infer).toContain('| 1,000 (900-1,500) | 500 (400-600) |');
    expect(infer).toContain('| 2.50x (1.50-3.00) |');
    expect(infer).toContain('>= 2x tfjs-wasm: met');
  });

  it('reports matMul as a fraction of the ceiling from the rounds both ran, skipping a failed one', () => {
    const matmul = lines.find((l) => l.startsWith('| matMul 1024'))!;
    // 80/100 and 90/95: 80% and 94.7%, median 87.4%.
    expect(matmul).toContain('>= 90% of the ceiling: 87.4% (80.0-94.7)');
    expect(matmul).toContain('| 85.0 (80.0-90.0) |');
  });

  it('leaves out workloads nobody ran', () => {
    expect(lines.some((l) => l.startsWith('| LSTM'))).toBe(false);
  });
});
