import { describe, expect, it } from 'vitest';
import { topClass } from './probability-bars';

describe('topClass', () => {
  it('is the index of the largest probability, the first one on ties', () => {
    expect(topClass([0.1, 0.7, 0.2])).toBe(1);
    expect(topClass([0.4, 0.2, 0.4])).toBe(0);
    expect(topClass([0.5])).toBe(0);
  });
});
