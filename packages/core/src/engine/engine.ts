import type { Backend, BackendMemory } from '../backend/backend';
import { findBackend, getBackend, onBackendRemoved } from '../backend/registry';
import { BackendError, GliaError, ShapeError } from '../errors';
import type { KernelName, KernelSpecs } from '../kernels/kernel-table';
import { setTensorEngineHooks, Tensor } from '../tensor/tensor';
import type { DataId, DType, Shape, TensorInfo, TypedArray } from '../types';
import { bytesPerElement } from '../util/dtype';
import { sizeFromShape } from '../util/shape';
import { asAllocationError } from '../util/size-limit';
import type { DataRecord } from './data-record';

/** What a kernel hook sees of one top-level kernel execution (autograd records through it). */
export interface KernelExecution {
  kernelName: KernelName;
  inputs: Record<string, Tensor | Tensor[]>;
  attrs: object;
  outputs: Tensor[];
}

/** Called after every top-level kernel execution (not for kernels run inside a composition). */
export type KernelHook = (execution: KernelExecution) => void;

/** Called after every kernel execution, nested ones included, with its wall time. */
export type ProfileHook = (
  kernelName: KernelName,
  milliseconds: number,
  backendName: string,
) => void;

/** A default composition of a composite kernel, written with ops on tensors. */
export type Composition<K extends KernelName> = (
  inputs: KernelSpecs<Tensor>[K]['inputs'],
  attrs: KernelSpecs<Tensor>[K]['attrs'],
) => KernelSpecs<Tensor>[K]['output'];

/** What `memory()` reports. */
export interface MemoryInfo {
  /** Live tensor handles. */
  numTensors: number;
  /** Live buffers (tensors may share one). */
  numDataBuffers: number;
  /** Bytes of live buffers, all backends. */
  numBytes: number;
  /** Each initialised backend's own report. */
  backends: Record<string, BackendMemory>;
}

interface Scope {
  name: string;
  tracked: Set<Tensor>;
}

const compositions = new Map<KernelName, Composition<KernelName>>();
const kernelHooks = new Set<KernelHook>();
const profileHooks = new Set<ProfileHook>();
const records = new Map<DataId, DataRecord>();
const fallbackCounts = new Map<string, number>();
const warnedFallbacks = new Set<string>();
const scopes: Scope[] = [];
let numTensors = 0;
let kernelDepth = 0;

/** The name of the backend the engine falls back to for kernels a backend lacks. */
export const FALLBACK_BACKEND = 'cpu';

/** Registers the default composition of a composite kernel (core does this for each one). */
export function registerComposition<K extends KernelName>(
  kernelName: K,
  composition: Composition<K>,
): void {
  compositions.set(kernelName, composition as unknown as Composition<KernelName>);
}

/** Whether core has a default composition for `kernelName`. */
export function hasComposition(kernelName: KernelName): boolean {
  return compositions.has(kernelName);
}

/** Adds a hook called after each top-level kernel; returns a function that removes it. */
export function addKernelHook(hook: KernelHook): () => void {
  kernelHooks.add(hook);
  return () => kernelHooks.delete(hook);
}

/** Adds a hook called after each kernel (nested ones too) with its time; returns its remover. */
export function addProfileHook(hook: ProfileHook): () => void {
  profileHooks.add(hook);
  return () => profileHooks.delete(hook);
}

/** How many times each kernel ran on the fallback CPU backend because the active one lacked it. */
export function getFallbackCounts(): Record<string, number> {
  return Object.fromEntries(fallbackCounts);
}

/** Clears the fallback counters (tests assert zero fallbacks after a reset). */
export function resetFallbackCounts(): void {
  fallbackCounts.clear();
}

function track(t: Tensor): Tensor {
  numTensors++;
  scopes[scopes.length - 1]?.tracked.add(t);
  return t;
}

function newRecord(backend: Backend, dataId: DataId, dtype: DType, size: number): DataRecord {
  const record: DataRecord = {
    backend,
    dataId,
    refCount: 0,
    bytes: size * bytesPerElement(dtype),
    dtype,
  };
  records.set(dataId, record);
  return record;
}

/** Wraps a backend's output (new or shared storage) in a tracked tensor. */
function wrap(info: TensorInfo, backend: Backend): Tensor {
  const size = sizeFromShape(info.shape);
  const record = records.get(info.dataId) ?? newRecord(backend, info.dataId, info.dtype, size);
  record.refCount++;
  return track(new Tensor(info.shape, info.dtype, record, size));
}

/** Stores host values on the active backend (or `backend`) as a new tensor. */
export function makeTensor(
  values: TypedArray,
  shape: Shape,
  dtype: DType,
  backend: Backend = getBackend(),
): Tensor {
  const dataId = backend.write(values, shape, dtype);
  return wrap({ dataId, shape, dtype }, backend);
}

function disposeTensor(t: Tensor): void {
  if (t.isDisposed) return;
  t.markDisposed();
  numTensors--;
  for (const s of scopes) s.tracked.delete(t);
  releaseRecord(t.record);
}

/** Moves a record's data to `target`, if it lives elsewhere; every sharing tensor follows. */
function moveTo(record: DataRecord, target: Backend, shape: Shape): void {
  if (record.backend === target) return;
  const values = record.backend.readSync(record.dataId);
  const dataId = target.write(values, shape, record.dtype);
  records.delete(record.dataId);
  record.backend.disposeData(record.dataId);
  record.backend = target;
  record.dataId = dataId;
  records.set(dataId, record);
}

function infoOf(t: Tensor): TensorInfo {
  return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
}

type TensorInputs = Record<string, Tensor | Tensor[]>;

// for-in rather than Object.entries/values: these run for every kernel, and allocate nothing.
function mapInputs<T>(inputs: TensorInputs, f: (t: Tensor) => T): Record<string, T | T[]> {
  const out: Record<string, T | T[]> = {};
  for (const k in inputs) {
    const v = inputs[k]!;
    out[k] = Array.isArray(v) ? v.map(f) : f(v);
  }
  return out;
}

function forEachInput(inputs: TensorInputs, f: (t: Tensor) => void): void {
  for (const k in inputs) {
    const v = inputs[k]!;
    if (Array.isArray(v)) v.forEach(f);
    else f(v);
  }
}

function asList<T>(out: T | T[]): T[] {
  return Array.isArray(out) ? out : [out];
}

/** Maps one output or a list of outputs, keeping which it was (multi-output kernels return lists). */
function mapOutput<T, U>(out: T | T[], f: (t: T) => U): U | U[] {
  return Array.isArray(out) ? out.map(f) : f(out);
}

function runOnBackend(
  backend: Backend,
  kernelName: KernelName,
  inputs: TensorInputs,
  attrs: object,
): Tensor | Tensor[] {
  const impl = backend.kernels[kernelName] as
    | ((i: object, a: object) => TensorInfo | TensorInfo[])
    | undefined;
  if (!impl) throw new BackendError(`${kernelName}: backend '${backend.name}' has no such kernel`);
  return mapOutput(impl(mapInputs(inputs, infoOf), attrs), (info) => wrap(info, backend));
}

function runComposition(
  kernelName: KernelName,
  inputs: TensorInputs,
  attrs: object,
): Tensor | Tensor[] {
  const composition = compositions.get(kernelName)!;
  return tidy(kernelName, () => composition(inputs as never, attrs as never) as Tensor | Tensor[]);
}

function runFallback(
  active: Backend,
  kernelName: KernelName,
  inputs: TensorInputs,
  attrs: object,
): Tensor | Tensor[] {
  const cpu = findBackend(FALLBACK_BACKEND);
  if (!cpu || cpu === active || !cpu.kernels[kernelName]) {
    throw new BackendError(
      `${kernelName}: backend '${active.name}' does not implement this kernel, core has no composition of it, and no '${FALLBACK_BACKEND}' backend is registered to fall back to`,
    );
  }
  if (!warnedFallbacks.has(kernelName)) {
    warnedFallbacks.add(kernelName);
    console.warn(
      `glia: kernel '${kernelName}' is missing from backend '${active.name}'; running it on '${FALLBACK_BACKEND}' (copies data both ways)`,
    );
  }
  fallbackCounts.set(kernelName, (fallbackCounts.get(kernelName) ?? 0) + 1);
  const cpuInputs = mapInputs(
    inputs,
    (t): TensorInfo => ({
      dataId: cpu.write(t.record.backend.readSync(t.dataId), t.shape, t.dtype),
      shape: t.shape,
      dtype: t.dtype,
    }),
  );
  const impl = cpu.kernels[kernelName] as (i: object, a: object) => TensorInfo | TensorInfo[];
  try {
    return mapOutput(impl(cpuInputs, attrs), (info) => {
      const values = cpu.readSync(info.dataId);
      const t = makeTensor(values, info.shape, info.dtype, active);
      cpu.disposeData(info.dataId);
      return t;
    });
  } finally {
    for (const v of Object.values(cpuInputs))
      for (const info of asList(v)) cpu.disposeData(info.dataId);
  }
}

/**
 * Runs kernel `kernelName` on the active backend: its own implementation if it has one, else core's
 * composition, else the CPU backend (warning once per kernel). Inputs living on another backend are
 * moved first. Ops call this after validating their inputs.
 */
export function runKernel<K extends KernelName>(
  kernelName: K,
  inputs: KernelSpecs<Tensor>[K]['inputs'],
  attrs: KernelSpecs<Tensor>[K]['attrs'],
): KernelSpecs<Tensor>[K]['output'] {
  const backend = getBackend();
  const tensorInputs = inputs as unknown as TensorInputs;
  forEachInput(tensorInputs, (t) => {
    t.assertAlive(kernelName);
    moveTo(t.record, backend, t.shape);
  });
  const topLevel = kernelDepth === 0;
  const start = profileHooks.size ? performance.now() : 0;
  kernelDepth++;
  let result: Tensor | Tensor[];
  try {
    if (backend.kernels[kernelName])
      result = runOnBackend(backend, kernelName, tensorInputs, attrs);
    else if (compositions.has(kernelName)) result = runComposition(kernelName, tensorInputs, attrs);
    else result = runFallback(backend, kernelName, tensorInputs, attrs);
  } catch (e) {
    throw asAllocationError(kernelName, e);
  } finally {
    kernelDepth--;
  }
  if (profileHooks.size) {
    const ms = performance.now() - start;
    for (const h of profileHooks) h(kernelName, ms, backend.name);
  }
  if (topLevel && kernelHooks.size) {
    for (const h of kernelHooks)
      h({ kernelName, inputs: tensorInputs, attrs, outputs: asList(result) });
  }
  return result as KernelSpecs<Tensor>[K]['output'];
}

/** A tensor sharing `x`'s storage under another shape of the same size (no copy). */
export function shareData(x: Tensor, shape: Shape): Tensor {
  x.assertAlive('reshape');
  x.record.refCount++;
  return track(new Tensor(shape, x.dtype, x.record, x.size));
}

/**
 * A new handle on `x`'s storage that no tidy scope tracks: it lives until disposed by hand. Autograd
 * retains the tensors a gradient needs this way, so inner `tidy` scopes (every op is one) cannot
 * free them before the backward pass.
 */
export function retain(x: Tensor): Tensor {
  x.assertAlive('retain');
  x.record.refCount++;
  numTensors++;
  const t = new Tensor(x.shape, x.dtype, x.record, x.size);
  t.kept = true;
  t.origin = x.origin;
  return t;
}

/**
 * Points `target` at `source`'s storage (for variables' `assign`): the old buffer is released,
 * the new one shared. Shapes and dtypes must match.
 */
export function assignData(target: Tensor, source: Tensor): void {
  target.assertAlive('assign');
  source.assertAlive('assign');
  if (
    target.dtype !== source.dtype ||
    target.shape.length !== source.shape.length ||
    target.shape.some((d, i) => d !== source.shape[i])
  ) {
    throw new ShapeError(
      `assign: new value has shape [${source.shape.join(',')}] and dtype ${source.dtype}: expected [${target.shape.join(',')}] and ${target.dtype}`,
    );
  }
  if (target.record === source.record) return;
  source.record.refCount++;
  releaseRecord(target.record);
  target.record = source.record;
}

function releaseRecord(record: DataRecord): void {
  record.refCount--;
  if (record.refCount === 0) {
    records.delete(record.dataId);
    record.backend.disposeData(record.dataId);
  }
}

/** Anything that may hold tensors: a tensor, arrays or plain objects of them. */
export type TensorContainer =
  | Tensor
  | readonly TensorContainer[]
  | { readonly [key: string]: TensorContainer }
  // biome-ignore lint/suspicious/noConfusingVoidType: tidy(() => { ... }) returns void
  | void
  | null
  | undefined
  | number
  | string
  | boolean;

function collect(container: unknown, into: Set<Tensor>, seen = new Set<unknown>()): void {
  if (container instanceof Tensor) {
    into.add(container);
    return;
  }
  if (container === null || typeof container !== 'object' || seen.has(container)) return;
  seen.add(container);
  if (Array.isArray(container)) for (const c of container) collect(c, into, seen);
  else if (Object.getPrototypeOf(container) === Object.prototype)
    for (const c of Object.values(container)) collect(c, into, seen);
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns (in arrays or plain
 * objects, too; tensors inside class instances are not looked for) and those passed to `keep()`. `fn` must be synchronous.
 *
 * ```ts
 * const y = tidy(() => relu(add(x, 1))); // the intermediate add is freed
 * ```
 */
export function tidy<T>(fn: () => T): T;
export function tidy<T>(name: string, fn: () => T): T;
export function tidy<T>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const name = typeof nameOrFn === 'string' ? nameOrFn : 'tidy';
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn;
  if (typeof fn !== 'function') throw new GliaError(`tidy: expected a function, got ${typeof fn}`);
  const scope: Scope = { name, tracked: new Set() };
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
    if (result instanceof Promise) {
      throw new GliaError(
        `tidy(${name}): the function returned a Promise; tidy is synchronous (await outside it, or dispose by hand)`,
      );
    }
  } catch (e) {
    endScope(scope, new Set());
    throw e;
  }
  const survivors = new Set<Tensor>();
  collect(result, survivors);
  endScope(scope, survivors);
  return result;
}

function endScope(scope: Scope, survivors: Set<Tensor>): void {
  scopes.pop();
  const parent = scopes[scopes.length - 1];
  for (const t of scope.tracked) {
    if (survivors.has(t)) parent?.tracked.add(t);
    else if (!t.kept) disposeTensor(t);
  }
}

/** Exempts `t` from disposal by every enclosing `tidy`. Returns `t`. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  for (const s of scopes) s.tracked.delete(t);
  return t;
}

/** Disposes every tensor in `container` (a tensor, or arrays/objects of tensors). */
export function dispose(container: TensorContainer): void {
  const found = new Set<Tensor>();
  collect(container, found);
  for (const t of found) t.dispose();
}

/** Live tensors, buffers and bytes, overall and per backend. */
export function memory(): MemoryInfo {
  let numBytes = 0;
  const backends: Record<string, BackendMemory> = {};
  for (const r of records.values()) {
    numBytes += r.bytes;
    backends[r.backend.name] ??= r.backend.memory();
  }
  return { numTensors, numDataBuffers: records.size, numBytes, backends };
}

onBackendRemoved((removed) => {
  for (const [id, r] of records) if (r.backend === removed) records.delete(id);
});

setTensorEngineHooks({
  readSync: (record) => record.backend.readSync(record.dataId) as never,
  read: (record) => record.backend.read(record.dataId) as never,
  dispose: disposeTensor,
  clone: (t) => runKernel('identity', { x: t }, {}) as Tensor,
});
