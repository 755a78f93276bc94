import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors';
import { closestName, didYouMean, lookupName, UnknownNameError } from './names';

describe('lookupName: own keys only, one error form', () => {
  const table = { sgd: 1, adam: 2, rmsprop: 3 };
  const map = new Map([
    ['relu', 'r'],
    ['tanh', 't'],
  ]);

  it('finds own entries of objects and maps', () => {
    expect(lookupName('getOptimizer', 'optimizer', table, 'adam')).toBe(2);
    expect(lookupName('getActivation', 'activation', map, 'tanh')).toBe('t');
  });

  it('never reaches Object.prototype', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => lookupName('getOptimizer', 'optimizer', table, name)).toThrow(
        `getOptimizer: unknown optimizer '${name}': expected one of sgd, adam, rmsprop`,
      );
    }
  });

  it('says what was expected, with a near name', () => {
    expect(() => lookupName('getOptimizer', 'optimizer', table, 'adma')).toThrow(
      "getOptimizer: unknown optimizer 'adma': expected one of sgd, adam, rmsprop (did you mean 'adam'?)",
    );
    expect(() => lookupName('getOptimizer', 'optimizer', table, 42)).toThrow(
      'getOptimizer: unknown optimizer of type number: expected one of sgd, adam, rmsprop',
    );
    expect(() =>
      lookupName('getActivation', 'activation', map, 'x', { accepts: 'or a function' }),
    ).toThrow("getActivation: unknown activation 'x': expected one of relu, tanh or a function");
    const error = (() => {
      try {
        lookupName('f', 'thing', table, 'nope');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnknownNameError);
    expect(error).toBeInstanceOf(ValueError);
  });

  it('closestName: edits within a third of the length, case-insensitive', () => {
    expect(closestName('stride', ['strides', 'padding', 'dilations'])).toBe('strides');
    expect(closestName('PADDING', ['strides', 'padding'])).toBe('padding');
    expect(closestName('zzzzzz', ['strides', 'padding'])).toBeUndefined();
    expect(didYouMean('pool_size', ['poolSize', 'strides'])).toBe(" (did you mean 'poolSize'?)");
  });
});
