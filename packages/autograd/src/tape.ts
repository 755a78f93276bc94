/**
 * The tape and the backward pass.
 *
 * While a gradient call runs `f`, every kernel that reads a tensor depending on a source is written
 * down as a step: its inputs and outputs (held by retained handles, so the tidy scope of each op
 * cannot free them) and how to send gradients back through it. Backward walks the steps newest first,
 * adding up one gradient per node, where a node is a tensor id. Gradient rules are written in ops, so
 * when tapes nest (grad of grad) the outer tape records the inner backward pass like any other code.
 */
import {
  add,
  addKernelHook,
  fmtShape,
  type KernelExecution,
  retain,
  ShapeError,
  type Tensor,
  zerosLike,
} from '@glia/core';
import { isNonDifferentiable, runGradientRule } from './gradient-registry';

/** Tensors by input name, as kernels take them (`concat` takes a list). */
export type Inputs = Record<string, Tensor | Tensor[]>;

/** The gradient of each input, by name, as a thunk (null: no gradient). */
export type GradientThunks = Record<string, (() => Tensor | Tensor[]) | null>;

/** What a step kept for its backward pass: its inputs, outputs and extra saved tensors. */
export interface HeldStep {
  inputs: Inputs;
  outputs: Tensor[];
  saved: Tensor[];
}

/** One differentiable step: a kernel, or a function with a custom gradient. */
export interface Step extends HeldStep {
  /** Named in errors: the kernel's name, or 'customGrad'. */
  name: string;
  /** The inputs' gradients given the outputs' (`dys[i]` has the shape of `outputs[i]`). */
  gradient: (dys: Tensor[], held: HeldStep) => GradientThunks;
}

/** One gradient call's recording. */
export interface Tape {
  steps: Step[];
  /** Nodes that depend on a source; only steps that read one are recorded. */
  nodes: Set<number>;
  /** Every retained handle, freed by `disposeTape`. */
  handles: Tensor[];
}

const tapes: Tape[] = [];
/** Tapes below this depth are paused: inside `stopGradient` and the forward pass of `customGrad`. */
let recordFrom = 0;
let removeHook: (() => void) | undefined;

/**
 * The node a tensor stands for in gradient bookkeeping: a retained handle stands for the tensor it
 * was retained from (the same values, the same node), which core records as its `origin`.
 */
export function nodeOf(t: Tensor): number {
  return t.origin;
}

const isFloat = (t: Tensor): boolean => t.dtype === 'float32';
const listOf = (x: Tensor | Tensor[]): Tensor[] => (Array.isArray(x) ? x : [x]);

function hold(tape: Tape, t: Tensor): Tensor {
  const handle = retain(t);
  tape.handles.push(handle);
  return handle;
}

/** Records `step` on every active tape that one of its inputs depends on. */
export function record(step: Step): void {
  for (let k = recordFrom; k < tapes.length; k++) {
    const tape = tapes[k]!;
    if (!readsNode(step.inputs, tape.nodes)) continue;
    const keep = (t: Tensor): Tensor => hold(tape, t);
    const inputs: Inputs = {};
    for (const [name, x] of Object.entries(step.inputs)) {
      inputs[name] = Array.isArray(x) ? x.map(keep) : keep(x);
    }
    tape.steps.push({
      ...step,
      inputs,
      outputs: step.outputs.map(keep),
      saved: step.saved.map(keep),
    });
    for (const out of step.outputs) if (isFloat(out)) tape.nodes.add(nodeOf(out));
  }
}

/** Whether any input is one of `nodes` (a loop without allocations: it runs for every kernel). */
function readsNode(inputs: Inputs, nodes: Set<number>): boolean {
  for (const name in inputs) {
    const x = inputs[name]!;
    if (Array.isArray(x)) {
      for (const t of x) if (nodes.has(nodeOf(t))) return true;
    } else if (nodes.has(nodeOf(x))) return true;
  }
  return false;
}

/** The kernel hook: every top-level kernel with a float output may be a step. */
function onKernel({ kernelName, inputs, attrs, outputs }: KernelExecution): void {
  if (isNonDifferentiable(kernelName) || !outputs.some(isFloat)) return;
  record({
    name: kernelName,
    inputs,
    outputs,
    saved: [],
    gradient: (dys, held) => runGradientRule(kernelName, dys, held.inputs, attrs, held.outputs),
  });
}

/** Starts recording the steps that depend on `sources`. Tapes nest: the newest is innermost. */
export function startTape(sources: readonly Tensor[]): Tape {
  const tape: Tape = { steps: [], nodes: new Set(sources.map(nodeOf)), handles: [] };
  tapes.push(tape);
  removeHook ??= addKernelHook(onKernel);
  return tape;
}

/** Stops recording on `tape` (before its backward pass, which outer tapes alone record). */
export function stopTape(tape: Tape): void {
  const at = tapes.indexOf(tape);
  if (at >= 0) tapes.splice(at, 1);
  if (tapes.length === 0) {
    removeHook?.();
    removeHook = undefined;
  }
}

/** Stops the tape and frees every tensor it held. */
export function disposeTape(tape: Tape): void {
  stopTape(tape);
  for (const handle of tape.handles) handle.dispose();
  tape.handles.length = 0;
  tape.steps.length = 0;
}

/** Runs `fn` without recording on the tapes active now (tapes `fn` starts itself still record). */
export function withoutRecording<T>(fn: () => T): T {
  const saved = recordFrom;
  recordFrom = tapes.length;
  try {
    return fn();
  } finally {
    recordFrom = saved;
  }
}

/**
 * Sends `dy` back from `y` through the steps, newest first, and returns the gradient of each source
 * (undefined where `y` does not depend on it). Call it after `stopTape`, inside `tidy`.
 */
export function backward(
  tape: Tape,
  y: Tensor,
  dy: Tensor,
  sources: readonly Tensor[],
): (Tensor | undefined)[] {
  const grads = new Map<number, Tensor>([[nodeOf(y), dy]]);
  const accumulate = (step: Step, name: string, x: Tensor, g: Tensor | undefined): void => {
    if (!isFloat(x) || !tape.nodes.has(nodeOf(x))) return;
    if (!g || g.shape.length !== x.shape.length || g.shape.some((d, i) => d !== x.shape[i])) {
      throw new ShapeError(
        `autograd: the gradient of ${step.name} for input '${name}' has shape ${g ? fmtShape(g.shape) : 'undefined'}: expected ${fmtShape(x.shape)}, the input's shape`,
      );
    }
    const before = grads.get(nodeOf(x));
    grads.set(nodeOf(x), before ? add(before, g) : g);
  };

  for (let i = tape.steps.length - 1; i >= 0; i--) {
    const step = tape.steps[i]!;
    const outputs = step.outputs;
    let reached = false;
    for (const out of outputs) if (grads.has(nodeOf(out))) reached = true;
    if (!reached) continue;
    const dys = outputs.map((out) => grads.get(nodeOf(out)) ?? zerosLike(out));
    const thunks = step.gradient(dys, step);
    for (const name in step.inputs) {
      const input = step.inputs[name]!;
      const thunk = thunks[name];
      if (!thunk) continue;
      if (Array.isArray(input)) {
        if (!input.some((x) => tape.nodes.has(nodeOf(x)))) continue;
        const gs = listOf(thunk());
        for (let j = 0; j < input.length; j++) accumulate(step, name, input[j]!, gs[j]);
      } else if (tape.nodes.has(nodeOf(input))) {
        accumulate(step, name, input, listOf(thunk())[0]);
      }
    }
  }
  return sources.map((s) => grads.get(nodeOf(s)));
}
