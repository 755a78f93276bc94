import { ValueError } from '@glia/core';

/** Throws a clear error when a browser API the scheme needs is missing (Node, a worker without it). */
export function requireGlobal<T>(scheme: string, what: string, value: T | undefined): T {
  if (value === undefined || value === null) {
    throw new ValueError(
      `${scheme} needs a browser with ${what} (in Node, save with file:// or a memoryHandler())`,
    );
  }
  return value;
}

/** Base64 of bytes, chunked so large weights do not overflow the argument list. */
export function toBase64(data: ArrayBuffer): string {
  const bytes = new Uint8Array(data);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
