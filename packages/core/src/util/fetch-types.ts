/**
 * The Fetch API's types where the user's project has them, without making it need them: a strict
 * project with only the ES2022 library (no DOM, no @types/node) still compiles against Glia's types.
 * Where `fetch` is declared (DOM, WebWorker, @types/node), these are exactly its types.
 */

/** What Glia reads of a fetch response (for the fallback types). */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The global `fetch` function's type, or a minimal stand-in where the project declares none. */
export type FetchFunction = typeof globalThis extends { fetch: infer F }
  ? F
  : (input: string, init?: object) => Promise<FetchResponseLike>;

/** The Fetch API's `RequestInit`, or `object` where the project declares no `fetch`. */
export type FetchRequestInit = FetchFunction extends (input: never, init?: infer I) => unknown
  ? NonNullable<I>
  : object;
