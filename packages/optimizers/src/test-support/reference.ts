/**
 * Independent float64 reimplementations of each update, element by element in plain loops, written
 * from the published formulas (Keras 3's, and TF.js's where they differ) rather than from the
 * package's code. Tests run both on the same gradients and compare.
 */

export type Vec = number[];

/** One optimizer's state for a list of parameters, advanced in float64. */
export interface Reference {
  /** Updates `params` in place with `grads` at learning rate `lr`. */
  step(params: Vec[], grads: Vec[], lr: number): void;
  /** The slots after the last step, by slot name, one array per parameter. */
  slots: Record<string, Vec[]>;
}

function slotsLike(params: Vec[], value: number): Vec[] {
  return params.map((p) => p.map(() => value));
}

/** Lazily created slots, like the real optimizers. */
abstract class Base implements Reference {
  slots: Record<string, Vec[]> = {};
  protected t = 0;
  constructor(
    private readonly slotInit: Record<string, number>,
    private readonly weightDecay = 0,
  ) {}
  step(params: Vec[], grads: Vec[], lr: number): void {
    for (const [name, init] of Object.entries(this.slotInit)) {
      this.slots[name] ??= slotsLike(params, init);
    }
    this.t++;
    params.forEach((p, j) => {
      for (let i = 0; i < p.length; i++) {
        if (this.weightDecay) p[i]! -= p[i]! * this.weightDecay * lr;
        const s: Record<string, number> = {};
        for (const name of Object.keys(this.slotInit)) s[name] = this.slots[name]![j]![i]!;
        p[i] = this.element(p[i]!, grads[j]![i]!, s, lr);
        for (const name of Object.keys(this.slotInit)) this.slots[name]![j]![i] = s[name]!;
      }
    });
  }
  /** The new parameter value; updates `s` in place. */
  protected abstract element(p: number, g: number, s: Record<string, number>, lr: number): number;
}

export class RefSGD extends Base {
  constructor(
    private readonly mu = 0,
    private readonly nesterov = false,
  ) {
    super(mu > 0 ? { momentum: 0 } : {});
  }
  protected element(p: number, g: number, s: Record<string, number>, lr: number): number {
    if (this.mu === 0) return p - lr * g;
    s.momentum = this.mu * s.momentum! - lr * g;
    return this.nesterov ? p + this.mu * s.momentum - lr * g : p + s.momentum;
  }
}

/** TF.js MomentumOptimizer. */
export class RefMomentum extends Base {
  constructor(
    private readonly mu: number,
    private readonly nesterov = false,
  ) {
    super({ momentum: 0 });
  }
  protected element(p: number, g: number, s: Record<string, number>, lr: number): number {
    s.momentum = this.mu * s.momentum! + g;
    return p - lr * (this.nesterov ? g + this.mu * s.momentum : s.momentum);
  }
}

export interface RefAdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
  weightDecay?: number;
  /** 'tfjs': ε added to √v̂ (bias-corrected) instead of √v. */
  variant?: 'keras' | 'tfjs';
}

export class RefAdam extends Base {
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  constructor(private readonly o: RefAdamOptions = {}) {
    super(o.amsgrad ? { m: 0, v: 0, vhat: 0 } : { m: 0, v: 0 }, o.weightDecay ?? 0);
    this.b1 = o.beta1 ?? 0.9;
    this.b2 = o.beta2 ?? 0.999;
    this.eps = o.epsilon ?? 1e-7;
  }
  protected element(p: number, g: number, s: Record<string, number>, lr: number): number {
    s.m = this.b1 * s.m! + (1 - this.b1) * g;
    s.v = this.b2 * s.v! + (1 - this.b2) * g * g;
    let v = s.v;
    if (this.o.amsgrad) v = s.vhat = Math.max(s.vhat!, s.v);
    const mHat = s.m / (1 - this.b1 ** this.t);
    const vHat = v / (1 - this.b2 ** this.t);
    if (this.o.variant === 'tfjs') return p - (lr * mHat) / (Math.sqrt(vHat) + this.eps);
    // Keras: the same, but ε is added to √v before bias correction: ε̂ = ε·√(1 - β₂ᵗ).
    return p - (lr * mHat) / (Math.sqrt(vHat) + this.eps / Math.sqrt(1 - this.b2 ** this.t));
  }
}

export class RefAdamax extends Base {
  constructor(
    private readonly b1 = 0.9,
    private readonly b2 = 0.999,
    private readonly eps = 1e-7,
  ) {
    super({ m: 0, v: 0 });
  }
  protected element(p: number, g: number, s: Record<string, number>, lr: number): number {
    s.m = this.b1 * s.m! + (1 - this.b1) * g;
    s.v = Math.max(this.b2 * s.v!, Math.abs(g));
    return p - (lr / (1 - this.b1 ** this.t)) * (s.m / (s.v + this.eps));
  }
}

export interface RefRMSPropOptions {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
  /** 'tfjs': centered denominator √(rms - mg² - ε); momentum slot always kept. */
  variant?: 'keras' | 'tfjs';
}

export class RefRMSProp extends Base {
  private readonly rho: number;
  private readonly mu: number;
  private readonly eps: number;
  constructor(private readonly o: RefRMSPropOptions = {}) {
    const slots: Record<string, number> = { rms: 0 };
    if ((o.momentum ?? 0) > 0 || o.variant === 'tfjs') slots.momentum = 0;
    if (o.centered) slots.mg = 0;
    super(slots);
    this.rho = o.rho ?? 0.9;
    this.mu = o.momentum ?? 0;
    this.eps = o.epsilon ?? 1e-7;
  }
  protected element(p: number, g: number, s: Record<string, number>, lr: number): number {
    s.rms = this.rho * s.rms! + (1 - this.rho) * g * g;
    let denominator = s.rms + this.eps;
    if (this.o.centered) {
      s.mg = this.rho * s.mg! + (1 - this.rho) * g;
      denominator =
        this.o.variant === 'tfjs' ? s.rms - s.mg * s.mg - this.eps : s.rms - s.mg * s.mg + this.eps;
    }
    const increment = (lr * g) / Math.sqrt(denominator);
    if (s.momentum === undefined) return p - increment;
    s.momentum = this.mu * s.momentum + increment;
    return p - s.momentum;
  }
}

export class RefAdagrad extends Base {
  constructor(
    initial = 0.1,
    private readonly eps = 1e-7,
  ) {
    super({ accumulator: initial });
  }
  protected element(p: number, g: number, s: Record<string, number>, lr: number): number {
    s.accumulator = s.accumulator! + g * g;
    return p - (lr * g) / Math.sqrt(s.accumulator + this.eps);
  }
}

export class RefAdadelta extends Base {
  constructor(
    private readonly rho = 0.95,
    private readonly eps = 1e-7,
    /** 'tfjs': divides by the accumulated squared gradient from before this step. */
    private readonly variant: 'keras' | 'tfjs' = 'keras',
  ) {
    super({ accum_grad: 0, accum_var: 0 });
  }
  protected element(p: number, g: number, s: Record<string, number>, lr: number): number {
    const old = s.accum_grad!;
    s.accum_grad = this.rho * old + (1 - this.rho) * g * g;
    const denominator = this.variant === 'tfjs' ? old : s.accum_grad;
    const delta = (Math.sqrt(s.accum_var! + this.eps) / Math.sqrt(denominator + this.eps)) * g;
    s.accum_var = this.rho * s.accum_var! + (1 - this.rho) * delta * delta;
    return p - lr * delta;
  }
}

/** Keras's clipping, in float64. */
export function refClip(
  grads: Vec[],
  o: { clipValue?: number; clipNorm?: number; globalClipNorm?: number },
): Vec[] {
  const norm = (vs: Vec[]) => Math.sqrt(vs.flat().reduce((a, x) => a + x * x, 0));
  if (o.clipValue !== undefined) {
    const c = o.clipValue;
    return grads.map((g) => g.map((x) => Math.min(c, Math.max(-c, x))));
  }
  if (o.clipNorm !== undefined) {
    const c = o.clipNorm;
    return grads.map((g) => g.map((x) => (x * c) / Math.max(norm([g]), c)));
  }
  if (o.globalClipNorm !== undefined) {
    const scale = o.globalClipNorm / Math.max(norm(grads), o.globalClipNorm);
    return grads.map((g) => g.map((x) => x * scale));
  }
  return grads;
}

/** A small seeded generator (mulberry32) for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
