/**
 * The optimizer base class: learning rate (a number or a schedule), clipping, decoupled weight
 * decay, per-parameter state ("slots") keyed by parameter name, the step counter, and saving and
 * restoring that state. A subclass says which slots it keeps and how one parameter is updated.
 */
import {
  assignData,
  checkOptions,
  DisposedError,
  DTypeError,
  fill,
  fmtShape,
  keep,
  mul,
  ShapeError,
  scalar,
  sub,
  Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import { type ClippingOptions, checkClipping, clipGradients } from './clipping';
import { checkNumber } from './hyperparameters';
import { isSchedule, type LearningRateSchedule, serializeSchedule } from './schedules';

/** One parameter to update: its unique name (e.g. `dense_Dense1/kernel`), value and gradient. */
export interface ParamGrad {
  name: string;
  param: Tensor;
  grad: Tensor;
}

/** A named tensor of optimizer state, as `getWeights` returns it and `setWeights` takes it. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** What every optimizer accepts, besides its own hyperparameters. */
export interface OptimizerOptions extends ClippingOptions {
  /** A constant, or a schedule evaluated at each step. Each optimizer has its Keras default. */
  learningRate?: number | LearningRateSchedule;
  /** Another way to pass a schedule as the learning rate; give this or `learningRate`, not both. */
  schedule?: LearningRateSchedule;
  /**
   * Decoupled weight decay, as in Keras 3's base optimizer: before each update,
   * `param -= param · weightDecay · learningRate`. Default none (AdamW: 0.004).
   */
  weightDecay?: number;
}

/** The options every optimizer takes; the compiler checks the list against OptimizerOptions. */
const OPTIMIZER_OPTION_KEYS = Object.keys({
  learningRate: true,
  schedule: true,
  weightDecay: true,
  clipValue: true,
  clipNorm: true,
  globalClipNorm: true,
} satisfies Record<keyof OptimizerOptions, true>);

/** A per-parameter state tensor a subclass keeps, and the value it starts at. */
export interface SlotSpec {
  /** The suffix of its saved name: `${param}/${name}` (TF.js's names: `m`, `v`, `momentum`...). */
  name: string;
  initialValue: number;
}

/** What a subclass's `updateParam` receives for one parameter. */
export interface UpdateContext {
  /** The parameter (after weight decay, when set). */
  param: Tensor;
  /** The gradient, after clipping. */
  grad: Tensor;
  /** The parameter's slots by name, before this step. */
  slots: Readonly<Record<string, Tensor>>;
  /** The learning rate of this step. */
  learningRate: number;
  /** 1 for the first update (Keras's `local_step = iterations + 1`). */
  step: number;
}

/** What `updateParam` returns: the new parameter and the new value of every slot. */
export interface UpdateResult {
  param: Tensor;
  slots: Record<string, Tensor>;
}

/**
 * Base class of every optimizer. `applyGradients` updates parameters in place (with core's
 * `assignData`), validating everything first so that nothing changes when it throws.
 *
 * ```ts
 * const opt = adam(0.01);
 * opt.applyGradients([{ name: 'w', param: w, grad: dw }]); // w now holds the new value
 * ```
 */
export abstract class Optimizer {
  /** The class name it serialises under (`Adam`, `SGD`, ...: TF.js's names, Keras's for AdamW). */
  abstract readonly className: string;

  /** The decoupled weight decay (Keras 3 `weight_decay`), if any. */
  readonly weightDecay: number | undefined;

  /** The clipping option in force (at most one is set). */
  readonly clipping: Readonly<ClippingOptions>;

  private lr: number | LearningRateSchedule;
  private iterationCount = 0;
  /** param name -> slot name -> tensor (kept: no tidy frees them). */
  private readonly slotStore = new Map<string, Map<string, Tensor>>();
  private readonly weightDecayExclusions: (string | RegExp)[] = [];
  private disposed = false;

  /** @param defaultLearningRate the subclass's Keras default */
  protected constructor(options: OptimizerOptions, defaultLearningRate: number) {
    // Subclasses define className as a getter, so it is readable here; a field would not be yet.
    const owner =
      (this as { readonly className?: string }).className ?? new.target.name ?? 'Optimizer';
    const keys = this.optionKeys();
    checkOptions(owner, `${owner}({ ${keys.map((k) => `${k}?`).join(', ')} })`, options, keys);
    if (options.schedule !== undefined && options.learningRate !== undefined) {
      throw new ValueError(`${owner}: give learningRate or schedule, not both`);
    }
    const lr = options.schedule ?? options.learningRate ?? defaultLearningRate;
    if (options.schedule !== undefined && !isSchedule(options.schedule)) {
      throw new ValueError(`${owner}: schedule must be a LearningRateSchedule`);
    }
    this.lr = isSchedule(lr) ? lr : checkNumber(owner, 'learningRate', lr, { min: 0 });
    this.clipping = Object.freeze(checkClipping(owner, options));
    this.weightDecay =
      options.weightDecay === undefined || options.weightDecay === null
        ? undefined
        : checkNumber(owner, 'weightDecay', options.weightDecay, { min: 0 });
  }

  /** The option keys its constructor takes (a subclass adds its hyperparameters). */
  protected optionKeys(): readonly string[] {
    return OPTIMIZER_OPTION_KEYS;
  }

  /** The slots this optimizer keeps per parameter, in the order `getWeights` lists them. */
  protected abstract slotSpecs(): readonly SlotSpec[];

  /** The new value of one parameter and of its slots (runs inside a tidy scope). */
  protected abstract updateParam(context: UpdateContext): UpdateResult;

  /** The subclass's own config keys (snake_case, as Keras writes them). */
  protected abstract hyperparameterConfig(): Record<string, unknown>;

  /** Slot names `setWeights` accepts and drops (state written by TF.js that this config ignores). */
  protected ignoredSlotNames(): readonly string[] {
    return [];
  }

  /**
   * The learning rate of the next step: the constant, or the schedule at `iterations`. Setting it
   * (as ReduceLROnPlateau does) needs a constant learning rate; with a schedule it throws, as in
   * Keras.
   */
  get learningRate(): number {
    return isSchedule(this.lr) ? this.lr.valueAt(this.iterationCount) : this.lr;
  }

  set learningRate(value: number) {
    if (isSchedule(this.lr)) {
      throw new ValueError(
        `${this.className}: the learning rate follows a ${this.lr.className} schedule and cannot be set; create the optimizer with a number to set it`,
      );
    }
    this.lr = checkNumber(this.className, 'learningRate', value, { min: 0 });
  }

  /** The schedule the learning rate follows, if it follows one. */
  get schedule(): LearningRateSchedule | undefined {
    return isSchedule(this.lr) ? this.lr : undefined;
  }

  /** Steps taken (calls of `applyGradients` with at least one parameter). */
  get iterations(): number {
    return this.iterationCount;
  }

  /**
   * Parameters whose name contains one of these strings, or matches one of these patterns, get no
   * weight decay (Keras's `exclude_from_weight_decay`; biases and norms, typically).
   */
  excludeFromWeightDecay(patterns: readonly (string | RegExp)[]): void {
    this.weightDecayExclusions.push(...patterns);
  }

  private decays(name: string): boolean {
    if (this.weightDecay === undefined || this.weightDecay === 0) return false;
    return !this.weightDecayExclusions.some((p) =>
      typeof p === 'string' ? name.includes(p) : p.test(name),
    );
  }

  private assertUsable(method: string): void {
    if (this.disposed) {
      throw new DisposedError(
        `${this.className}.${method}: the optimizer was disposed and cannot be used`,
      );
    }
  }

  /**
   * One optimisation step: clips the gradients, then updates each parameter and its slots in place.
   * Slots are created on a parameter's first step. Everything is validated before anything is
   * assigned; temporaries are freed; an empty list is a no-op.
   */
  applyGradients(updates: readonly ParamGrad[]): void {
    this.assertUsable('applyGradients');
    const where = `${this.className}.applyGradients`;
    if (!Array.isArray(updates)) {
      throw new ValueError(`${where}: expected an array of { name, param, grad }`);
    }
    if (updates.length === 0) return;
    const learningRate = this.learningRate;
    checkNumber(where, `learning rate at step ${this.iterationCount}`, learningRate, { min: 0 });
    this.validateUpdates(where, updates);

    const specs = this.slotSpecs();
    const created: Tensor[] = [];
    const createdFor: string[] = [];
    try {
      for (const { name, param } of updates) {
        let slots = this.slotStore.get(name);
        if (!slots) {
          slots = new Map();
          this.slotStore.set(name, slots);
          createdFor.push(name);
        }
        for (const spec of specs) {
          if (slots.has(spec.name)) continue;
          const t = keep(fill(param.shape, spec.initialValue, 'float32'));
          created.push(t);
          slots.set(spec.name, t);
        }
      }
      const step = this.iterationCount + 1;
      tidy(where, () => {
        const grads = clipGradients(
          updates.map((u) => u.grad),
          this.clipping,
        );
        const results = updates.map((u, i) => {
          const slotMap = this.slotStore.get(u.name)!;
          const slots: Record<string, Tensor> = {};
          for (const spec of specs) slots[spec.name] = slotMap.get(spec.name)!;
          const param = this.decays(u.name)
            ? sub(u.param, mul(u.param, this.weightDecay! * learningRate))
            : u.param;
          return this.updateParam({ param, grad: grads[i]!, slots, learningRate, step });
        });
        // Assign only once every new value exists, so a failure above changes nothing.
        results.forEach((result, i) => {
          const { name, param } = updates[i]!;
          assignData(param, result.param);
          const slotMap = this.slotStore.get(name)!;
          for (const [slotName, value] of Object.entries(result.slots)) {
            assignData(slotMap.get(slotName)!, value);
          }
        });
      });
    } catch (e) {
      for (const t of created) t.dispose();
      for (const [name, slots] of this.slotStore) {
        for (const [slotName, t] of slots) if (t.isDisposed) slots.delete(slotName);
        if (slots.size === 0 && createdFor.includes(name)) this.slotStore.delete(name);
      }
      throw e;
    }
    this.iterationCount++;
  }

  private validateUpdates(where: string, updates: readonly ParamGrad[]): void {
    const names = new Set<string>();
    const params = new Set<Tensor>();
    updates.forEach((u, i) => {
      if (typeof u !== 'object' || u === null) {
        throw new ValueError(`${where}: updates[${i}] is ${u}: expected { name, param, grad }`);
      }
      const { name, param, grad } = u;
      if (typeof name !== 'string' || name === '') {
        throw new ValueError(`${where}: updates[${i}].name must be a non-empty string`);
      }
      if (names.has(name)) {
        throw new ValueError(`${where}: parameter '${name}' appears twice in one step`);
      }
      names.add(name);
      if (!(param instanceof Tensor)) {
        throw new ValueError(`${where}: parameter '${name}': param is not a Tensor`);
      }
      if (!(grad instanceof Tensor)) {
        throw new ValueError(
          `${where}: parameter '${name}': grad is ${grad === null ? 'null' : typeof grad}: expected a Tensor of shape ${fmtShape(param.shape)}`,
        );
      }
      if (params.has(param)) {
        throw new ValueError(`${where}: parameter '${name}' is the same tensor as another one`);
      }
      params.add(param);
      param.assertAlive(`${where}: parameter '${name}'`);
      grad.assertAlive(`${where}: gradient of '${name}'`);
      if (param.dtype !== 'float32') {
        throw new DTypeError(
          `${where}: parameter '${name}' has dtype ${param.dtype}: expected float32 (only float parameters can be trained)`,
        );
      }
      if (grad.dtype !== 'float32') {
        throw new DTypeError(
          `${where}: gradient of '${name}' has dtype ${grad.dtype}: expected float32`,
        );
      }
      if (!sameShape(grad.shape, param.shape)) {
        throw new ShapeError(
          `${where}: gradient of '${name}' has shape ${fmtShape(grad.shape)}: expected the parameter's shape ${fmtShape(param.shape)}`,
        );
      }
      const slots = this.slotStore.get(name);
      if (slots) {
        for (const [slotName, t] of slots) {
          if (!sameShape(t.shape, param.shape)) {
            throw new ShapeError(
              `${where}: parameter '${name}' has shape ${fmtShape(param.shape)} but its state '${name}/${slotName}' has shape ${fmtShape(t.shape)} (restored by setWeights, or another parameter of that name)`,
            );
          }
        }
      }
    });
  }

  /**
   * Keras/TF.js-style config: `learning_rate` (a number, or a schedule's `{ class_name, config }`),
   * the optimizer's hyperparameters under the keys Keras uses (which TF.js also reads), and
   * `weight_decay`, `clipvalue`, `clipnorm`, `global_clipnorm` when set.
   */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      learning_rate: isSchedule(this.lr) ? serializeSchedule(this.lr) : this.lr,
      ...this.hyperparameterConfig(),
    };
    if (this.weightDecay !== undefined) config.weight_decay = this.weightDecay;
    if (this.clipping.clipValue !== undefined) config.clipvalue = this.clipping.clipValue;
    if (this.clipping.clipNorm !== undefined) config.clipnorm = this.clipping.clipNorm;
    if (this.clipping.globalClipNorm !== undefined)
      config.global_clipnorm = this.clipping.globalClipNorm;
    return config;
  }

  /**
   * The state, for saving: `iter` (an int32 scalar) first, then every slot as TF.js lists them
   * (all `.../m`, then all `.../v`, ...; parameters in the order they were first seen). The
   * tensors are new handles the caller owns and disposes.
   */
  getWeights(): NamedTensor[] {
    this.assertUsable('getWeights');
    const out: NamedTensor[] = [{ name: 'iter', tensor: scalar(this.iterationCount, 'int32') }];
    for (const spec of this.slotSpecs()) {
      for (const [param, slots] of this.slotStore) {
        const t = slots.get(spec.name);
        if (t) out.push({ name: `${param}/${spec.name}`, tensor: t.clone() });
      }
    }
    return out;
  }

  /**
   * Restores state saved by `getWeights` (or by TF.js for the same optimizer): replaces all slots
   * and the step counter. The next step is then the one the saved optimizer would have taken.
   * Names, dtypes and shapes are checked first; nothing changes when it throws. Copies are kept, so
   * the caller may dispose what it passed.
   */
  setWeights(weights: readonly NamedTensor[]): void {
    this.assertUsable('setWeights');
    const where = `${this.className}.setWeights`;
    if (!Array.isArray(weights)) {
      throw new ValueError(`${where}: expected an array of { name, tensor }`);
    }
    const specs = this.slotSpecs();
    const slotNames = specs.map((s) => s.name);
    const ignored = this.ignoredSlotNames();
    const known = [...slotNames, ...ignored].sort((a, b) => b.length - a.length);
    let iterations: number | undefined;
    const restored = new Map<string, Map<string, Tensor>>();
    const seen = new Set<string>();
    weights.forEach((w, i) => {
      if (typeof w !== 'object' || w === null || typeof w.name !== 'string') {
        throw new ValueError(`${where}: weights[${i}] must be { name: string, tensor: Tensor }`);
      }
      const { name, tensor } = w;
      if (!(tensor instanceof Tensor)) {
        throw new ValueError(`${where}: '${name}' is not a Tensor`);
      }
      tensor.assertAlive(`${where}: '${name}'`);
      if (seen.has(name)) throw new ValueError(`${where}: '${name}' appears twice`);
      seen.add(name);
      if (name === 'iter') {
        iterations = readIterations(where, tensor);
        return;
      }
      const slot = known.find((s) => name.endsWith(`/${s}`) && name.length > s.length + 1);
      if (slot === undefined) {
        throw new ValueError(
          `${where}: unexpected weight '${name}': expected 'iter' and names of the form '<parameter>/<slot>' with slot one of ${slotNames.join(', ') || '(none: this optimizer keeps no slots)'}`,
        );
      }
      if (tensor.dtype !== 'float32') {
        throw new DTypeError(`${where}: '${name}' has dtype ${tensor.dtype}: expected float32`);
      }
      if (ignored.includes(slot) && !slotNames.includes(slot)) return;
      const param = name.slice(0, -(slot.length + 1));
      let slots = restored.get(param);
      if (!slots) {
        slots = new Map();
        restored.set(param, slots);
      }
      const first = slots.values().next().value;
      if (first && !sameShape(first.shape, tensor.shape)) {
        throw new ShapeError(
          `${where}: '${name}' has shape ${fmtShape(tensor.shape)} but the other state of '${param}' has shape ${fmtShape(first.shape)}`,
        );
      }
      slots.set(slot, tensor);
    });
    if (iterations === undefined) {
      throw new ValueError(`${where}: no 'iter' weight: expected the step counter first`);
    }
    for (const [param, slots] of restored) {
      const missing = slotNames.filter((s) => !slots.has(s));
      if (missing.length) {
        throw new ValueError(
          `${where}: parameter '${param}' lacks state ${missing.map((s) => `'${param}/${s}'`).join(', ')}`,
        );
      }
    }
    this.disposeSlots();
    for (const [param, slots] of restored) {
      const copies = new Map<string, Tensor>();
      for (const spec of specs) copies.set(spec.name, keep(slots.get(spec.name)!.clone()));
      this.slotStore.set(param, copies);
    }
    this.iterationCount = iterations;
  }

  private disposeSlots(): void {
    for (const slots of this.slotStore.values()) for (const t of slots.values()) t.dispose();
    this.slotStore.clear();
  }

  /** Frees the slots; the optimizer cannot be used afterwards. Safe to call twice. */
  dispose(): void {
    this.disposeSlots();
    this.disposed = true;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function readIterations(where: string, t: Tensor): number {
  if (t.size !== 1 || t.dtype === 'bool') {
    throw new ValueError(
      `${where}: 'iter' has shape ${fmtShape(t.shape)} and dtype ${t.dtype}: expected a scalar int32 (or float32)`,
    );
  }
  const value = t.dataSync()[0]!;
  if (!Number.isInteger(value) || value < 0) {
    throw new ValueError(`${where}: 'iter' is ${value}: expected a whole number >= 0`);
  }
  return value;
}
