/**
 * Gradient rules, one per kernel name, typed from core's kernel table. A rule is data beside the
 * kernel: given the gradient of the kernel's output and what the kernel saw (inputs, attributes,
 * outputs), it returns one thunk per differentiable input. Rules are written in core's ops, so they
 * run on every backend, and their own kernels are recorded when an outer tape is active (gradients of
 * gradients come for free).
 */
import {
  COMPOSITE_KERNELS,
  GliaError,
  type KernelName,
  type KernelSpecs,
  MULTI_OUTPUT_KERNELS,
  PRIMITIVE_KERNELS,
  type Tensor,
} from '@glia/core';
import { NON_DIFFERENTIABLE_KERNELS } from './gradients/nondifferentiable';

/** What kernel `K` saw when it ran: its inputs, attributes and output, as tensors. */
export interface SavedKernel<K extends KernelName> {
  inputs: KernelSpecs<Tensor>[K]['inputs'];
  attrs: KernelSpecs<Tensor>[K]['attrs'];
  output: KernelSpecs<Tensor>[K]['output'];
}

/**
 * The gradient of each input, as a thunk so that only the inputs on a path to the sources are
 * computed. Every input of the kernel is named: `null` says it has no gradient (int32 indices, a
 * bool condition), so a misspelt or forgotten input is a compile error.
 */
export type InputGradients<K extends KernelName> = {
  [I in keyof KernelSpecs<Tensor>[K]['inputs']]-?:
    | (() => KernelSpecs<Tensor>[K]['inputs'][I])
    | null;
};

/**
 * The gradient rule of kernel `K`: `dy` has the shape of the output (a pair for `moments`, a list
 * for `split`).
 */
export interface GradientRule<K extends KernelName> {
  kernelName: K;
  gradient: (dy: KernelSpecs<Tensor>[K]['output'], saved: SavedKernel<K>) => InputGradients<K>;
}

/** A kernel that gradients do not flow through. */
export type NonDifferentiableKernelName = (typeof NON_DIFFERENTIABLE_KERNELS)[number];
/** A kernel that has a gradient rule. */
export type DifferentiableKernelName = Exclude<KernelName, NonDifferentiableKernelName>;

const rules = new Map<KernelName, GradientRule<KernelName>>();
const nonDifferentiable = new Set<KernelName>(NON_DIFFERENTIABLE_KERNELS);
const multiOutput = new Set<KernelName>(MULTI_OUTPUT_KERNELS);

/** The rule of any differentiable kernel (a union, so one list can hold every family's rules). */
export type AnyGradientRule = {
  [K in DifferentiableKernelName]: GradientRule<K>;
}[DifferentiableKernelName];

/**
 * Registers the gradient of a kernel; a later registration replaces an earlier one.
 *
 * ```ts
 * registerGradient({
 *   kernelName: 'mul',
 *   gradient: (dy, { inputs: { a, b } }) => ({ a: () => mul(dy, b), b: () => mul(dy, a) }),
 * });
 * ```
 */
export function registerGradient(rule: AnyGradientRule): void {
  // The map is keyed by name, so each entry's rule matches its key; the cast only erases which.
  rules.set(rule.kernelName, rule as unknown as GradientRule<KernelName>);
}

/** Whether the tape should skip `kernelName` (its outputs carry no gradient). */
export function isNonDifferentiable(kernelName: KernelName): boolean {
  return nonDifferentiable.has(kernelName);
}

/** The rule of `kernelName`; a clear error when none is registered. */
export function gradientRule(kernelName: KernelName): GradientRule<KernelName> {
  const rule = rules.get(kernelName);
  if (rule) return rule;
  if (nonDifferentiable.has(kernelName)) {
    throw new GliaError(`autograd: kernel '${kernelName}' is not differentiable`);
  }
  throw new GliaError(
    `autograd: no gradient rule is registered for kernel '${kernelName}'; register one with registerGradient({ kernelName: '${kernelName}', gradient })`,
  );
}

/** Every kernel of the table that has neither a rule nor a non-differentiable declaration. */
export function kernelsWithoutGradient(): KernelName[] {
  return [...PRIMITIVE_KERNELS, ...COMPOSITE_KERNELS].filter(
    (k) => !rules.has(k) && !nonDifferentiable.has(k),
  );
}

/**
 * Runs the rule of `kernelName` on what the tape held of one execution. The tape sees kernels the
 * way the engine's hook reports them (tensors by input name, outputs as a list); this is the one
 * place where that untyped view meets the typed rule.
 */
export function runGradientRule(
  kernelName: KernelName,
  dys: Tensor[],
  inputs: Record<string, Tensor | Tensor[]>,
  attrs: object,
  outputs: Tensor[],
): Record<string, (() => Tensor | Tensor[]) | null> {
  const rule = gradientRule(kernelName);
  // By kernel, not by count: a one-piece split still returns (and takes back) a list.
  const isList = multiOutput.has(kernelName);
  const saved = {
    inputs,
    attrs,
    output: isList ? outputs : outputs[0],
  } as unknown as SavedKernel<KernelName>;
  const dy = (isList ? dys : dys[0]) as KernelSpecs<Tensor>[KernelName]['output'];
  return rule.gradient(dy, saved) as Record<string, (() => Tensor | Tensor[]) | null>;
}
