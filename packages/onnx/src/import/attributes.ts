import { OnnxImportError } from '../errors';
import { type AttributeProto, int64ToNumber, type TensorProto } from '../proto/model-proto';

const textDecoder = new TextDecoder();

/** A node's attributes, read by name with defaults; wrong kinds are errors naming the node. */
export class Attributes {
  private readonly byName = new Map<string, AttributeProto>();

  constructor(
    private readonly owner: string,
    attributes: readonly AttributeProto[] = [],
  ) {
    for (const a of attributes) this.byName.set(a.name ?? '', a);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    if (!a) return fallback;
    const v = int64ToNumber(a.i);
    if (!Number.isSafeInteger(v))
      throw new OnnxImportError(`${this.owner}: attribute '${name}' is not a safe integer`);
    return v;
  }

  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? (a.f ?? 0) : fallback;
  }

  ints(name: string, fallback: readonly number[]): number[] {
    const a = this.byName.get(name);
    if (!a) return [...fallback];
    const values = (a.ints ?? []).map(int64ToNumber);
    if (values.some((v) => !Number.isSafeInteger(v))) {
      throw new OnnxImportError(`${this.owner}: attribute '${name}' holds an integer out of range`);
    }
    return values;
  }

  floats(name: string, fallback: readonly number[]): number[] {
    const a = this.byName.get(name);
    return a ? [...(a.floats ?? [])] : [...fallback];
  }

  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    return a?.s ? textDecoder.decode(a.s) : fallback;
  }

  strings(name: string, fallback: readonly string[]): string[] {
    const a = this.byName.get(name);
    return a ? (a.strings ?? []).map((s) => textDecoder.decode(s)) : [...fallback];
  }

  tensor(name: string): TensorProto | undefined {
    return this.byName.get(name)?.t;
  }
}
