// conv2d and its two backprop kernels. All three are bilinear in their two inputs, so each one's
// gradients are the other two (TF's Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter gradients).
import {
  type Conv2dAttrs,
  type Conv2dOptions,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';

/** The op options that reproduce a kernel's resolved attributes. */
export function convOptions({ strides, pad, dilations }: Conv2dAttrs): Conv2dOptions {
  return {
    strides,
    dilations,
    padding: [
      [pad[0], pad[1]],
      [pad[2], pad[3]],
    ],
  };
}

export const convGradients: AnyGradientRule[] = [
  {
    kernelName: 'conv2d',
    gradient: (dy, { inputs: { x, filter }, attrs }) => ({
      x: () => conv2dBackpropInput(dy, filter, x.shape, convOptions(attrs)),
      filter: () => conv2dBackpropFilter(x, dy, filter.shape, convOptions(attrs)),
    }),
  },
  // dx = conv2dBackpropInput(dy, filter): its gradient is conv2d(g, filter) for dy and
  // conv2dBackpropFilter(g, dy) for the filter.
  {
    kernelName: 'conv2dBackpropInput',
    gradient: (g, { inputs: { dy, filter }, attrs }) => ({
      dy: () => conv2d(g, filter, convOptions(attrs)),
      filter: () => conv2dBackpropFilter(g, dy, filter.shape, convOptions(attrs)),
    }),
  },
  // dFilter = conv2dBackpropFilter(x, dy): its gradient is conv2dBackpropInput(dy, g) for x and
  // conv2d(x, g) for dy.
  {
    kernelName: 'conv2dBackpropFilter',
    gradient: (g, { inputs: { x, dy }, attrs }) => ({
      x: () => conv2dBackpropInput(dy, g, x.shape, convOptions(attrs)),
      dy: () => conv2d(x, g, convOptions(attrs)),
    }),
  },
];
