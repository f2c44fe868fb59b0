/**
 * Checking the files of a fetched or read answer index: the same checks in the browser worker, the
 * page's keyword fallback and the CLI. Every file the manifest names, every shard included, is
 * pinned by its size and SHA-256, so vectors of another build, or a damaged or half-deployed file,
 * are refused instead of silently changing the answers.
 */
import type { PinnedFile } from './manifest.ts';

/** A file of the answer index that cannot be used, with its name: the reader says which and why. */
export class AskFileError extends Error {
  /** The file's path under the site, such as `ask/vectors.bin`. */
  readonly file: string;
  constructor(file: string, message: string) {
    super(message);
    this.name = 'AskFileError';
    this.file = file;
  }
}

/** Where the index files live, relative to the site's base path. */
export const ASK_DIR = 'ask/';

/** File names inside the site's `ask/` folder besides the shards (shards.ts, shardFile), as the build writes them. */
export const ASK_FILES = { manifest: 'manifest.json', structure: 'structure.bin', coarse: 'coarse.bin' } as const;

/** The folder, inside ask/, of the interviews' "also said about this" files (related.ts), which pages fetch when a reader asks. */
export const RELATED_DIR = 'related';

/** The "also said about this" file of an interview, inside ask/. */
export function relatedFile(slug: string): string {
  return `${RELATED_DIR}/${slug}.json`;
}

/** Whether a path inside ask/ is an "also said about this" file (what a dev server serves there besides the index). */
export function isRelatedFile(file: string): boolean {
  return /^related\/[^/]+\.json$/.test(file);
}

/**
 * SHA-256 of bytes as lowercase hex, through the Web Crypto API that browsers and Node share.
 * Browsers offer it only in secure contexts (HTTPS, localhost): elsewhere this throws, saying so.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new AskFileError(ASK_DIR, 'this page cannot check the answer index files (the browser offers SHA-256 only to pages served over HTTPS or from localhost)');
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The size and SHA-256 to pin a file with in the manifest. */
export async function pinFile(bytes: Uint8Array): Promise<Pick<PinnedFile, 'bytes' | 'sha256'>> {
  return { bytes: bytes.length, sha256: await sha256Hex(bytes) };
}

/**
 * Refuses bytes that are not the file the manifest pinned: a different size (truncated, or another
 * build) or a different SHA-256 (same size, other content). `hash: false` checks the size only, for
 * a reader that cannot hash (sha256Hex) and will only show the file's text, never score with it.
 */
export async function checkPinnedFile(pin: PinnedFile, bytes: Uint8Array, options: { hash?: boolean } = {}): Promise<void> {
  const file = ASK_DIR + pin.file;
  if (bytes.length !== pin.bytes) {
    throw new AskFileError(file, `${file} is not the file this site's answer index was built with (${bytes.length} bytes, the manifest pins ${pin.bytes}); rebuild and redeploy the site`);
  }
  if (options.hash === false) return;
  // A shard's pin is the digest's first bytes (manifest.ts, SHARD_PIN_BYTES), any other file's the whole.
  if (pin.sha256.length < 16 || !(await sha256Hex(bytes)).startsWith(pin.sha256)) {
    throw new AskFileError(file, `${file} is not the file this site's answer index was built with (its SHA-256 differs from the manifest's); rebuild and redeploy the site`);
  }
}

/**
 * Reads a file of the index (`name` inside ask/), checked against its pin when there is one;
 * `check` checks bytes against a pin as the reader does (by size only when it cannot hash), for
 * a file whose parts are pinned one by one (a passage shard: shards.ts, encodePassageShard).
 */
export type IndexReader = ((name: string, pin?: PinnedFile) => Promise<Uint8Array>) & { check?: (pin: PinnedFile, bytes: Uint8Array) => Promise<void> };

/**
 * An index reader from a reader of raw files: each file with a pin is checked against it before
 * it is used, by size and SHA-256, or by size only with `hash: false`.
 */
export function indexReader(readRaw: (name: string) => Promise<Uint8Array>, options: { hash?: boolean } = {}): IndexReader {
  const check = (pin: PinnedFile, bytes: Uint8Array) => checkPinnedFile(pin, bytes, options);
  const read = async (name: string, pin?: PinnedFile) => {
    const bytes = await readRaw(name);
    if (pin) await check(pin, bytes);
    return bytes;
  };
  return Object.assign(read, { check });
}
