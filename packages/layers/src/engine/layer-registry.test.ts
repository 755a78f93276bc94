import type { Tensor } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { LAYER_CLASSES } from '../layers/index';
import { Layer } from './layer';
import {
  ensureLayerClassesRegistered,
  getLayerClass,
  listLayerClasses,
  registerLayerClass,
} from './layer-registry';
import { toSnakeCase } from './naming';
import type { SymbolicShape } from './symbolic-shape';

class Scale extends Layer {
  static override readonly className: string = 'Scale';
  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }
  protected call(input: Tensor): Tensor {
    return input.clone();
  }
}

describe('the layer class registry', () => {
  it('knows every built-in class by its Keras name', () => {
    ensureLayerClassesRegistered();
    expect(listLayerClasses()).toEqual(
      expect.arrayContaining([
        'Dense',
        'Conv2D',
        'Conv2DTranspose',
        'MaxPooling2D',
        'BatchNormalization',
        'Embedding',
        'ZeroPadding2D',
      ]),
    );
    for (const cls of LAYER_CLASSES) expect(getLayerClass(cls.className)).toBe(cls);
  });

  it('lists the known classes when asked for an unknown one', () => {
    expect(() => getLayerClass('Lambda')).toThrow(
      /getLayerClass: unknown layer class 'Lambda': expected one of Activation, .*AveragePooling2D, .*BatchNormalization, .*Conv2D, .*Reshape, .*ZeroPadding2D \(register your own with registerLayerClass\)/,
    );
    expect(() => getLayerClass('__proto__')).toThrow(/unknown layer class '__proto__'/);
    expect(() => getLayerClass('constructor')).toThrow(/unknown layer class 'constructor'/);
  });

  it('registers classes of your own, once per name', () => {
    registerLayerClass(Scale);
    registerLayerClass(Scale);
    expect(getLayerClass('Scale')).toBe(Scale);
    class Other extends Scale {
      static override readonly className = 'Scale';
    }
    expect(() => registerLayerClass(Other)).toThrow(
      "registerLayerClass: another class is already registered as 'Scale'",
    );
    class Nameless extends Scale {
      static override readonly className = 'Layer';
    }
    expect(() => registerLayerClass(Nameless)).toThrow(
      /needs its own static className \(got "Layer"\)/,
    );
  });
});

describe('default layer names', () => {
  it("follow Keras' snake_case of the class name", () => {
    expect(toSnakeCase('Conv2D')).toBe('conv2d');
    expect(toSnakeCase('Conv2DTranspose')).toBe('conv2d_transpose');
    expect(toSnakeCase('MaxPooling2D')).toBe('max_pooling2d');
    expect(toSnakeCase('GlobalAveragePooling2D')).toBe('global_average_pooling2d');
    expect(toSnakeCase('BatchNormalization')).toBe('batch_normalization');
    expect(toSnakeCase('UpSampling2D')).toBe('up_sampling2d');
    expect(toSnakeCase('LeakyReLU')).toBe('leaky_re_lu');
    expect(toSnakeCase('Dense')).toBe('dense');
  });
});
