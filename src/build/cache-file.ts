/**
 * The file format of the answer index's caches (coarse-cache.ts, related-cache.ts): one line of
 * JSON (the header, naming its format and version), then binary parts, written whole or not at all.
 * A file that is missing, damaged or of another format reads as none: a cache lost is only a slower build.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { QuantizedVectors } from '../lib/ask/vectors.ts';

/** Bytes of a key (vectorKey): a SHA-1. */
export const KEY_BYTES = 20;

/** What every cache header carries. */
export type CacheHeader = { format: string; version: number };

/**
 * Reads a cache file: its header, and its parts cut at `sizes(header)` bytes each (copies, so typed
 * arrays can be laid over them). Undefined when the file is missing, of another format or version,
 * or not exactly the size its header says.
 */
export async function readCacheFile<H extends CacheHeader>(file: string, format: H['format'], version: H['version'], sizes: (header: H) => number[]): Promise<{ header: H; parts: ArrayBuffer[] } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    const end = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, end).toString('utf8')) as H;
    if (header.format !== format || header.version !== version) return undefined;
    const lengths = sizes(header);
    if (lengths.some((n) => !Number.isInteger(n) || n < 0) || bytes.length !== end + 1 + lengths.reduce((a, b) => a + b, 0)) return undefined;
    let at = bytes.byteOffset + end + 1;
    const parts = lengths.map((n) => bytes.buffer.slice(at, (at += n)) as ArrayBuffer);
    return { header, parts };
  } catch {
    return undefined;
  }
}

/** Writes a cache file whole: to a temporary file unique to this writer (builds in one process may write at once), then renamed. */
export async function writeCacheFile(file: string, header: CacheHeader, parts: readonly ArrayBufferView[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const views = parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  await writeFile(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...views]));
  await rename(temporary, file);
}

/** A vector's key, `prefix` first when given: its int8 values and scale, hashed (KEY_BYTES). */
export function vectorKey(vectors: QuantizedVectors, row: number, prefix = ''): string {
  const { dims, values, scales } = vectors;
  const hash = createHash('sha1');
  if (prefix) hash.update(prefix);
  hash.update(new Uint8Array(values.buffer, values.byteOffset + row * dims, dims));
  hash.update(new Uint8Array(scales.buffer, scales.byteOffset + row * 4, 4));
  return hash.digest('latin1');
}

/** Keys laid end to end, and back. */
export function packKeys(keys: readonly string[]): Buffer {
  const bytes = Buffer.alloc(keys.length * KEY_BYTES);
  keys.forEach((key, i) => bytes.write(key, i * KEY_BYTES, 'latin1'));
  return bytes;
}

export function unpackKeys(bytes: ArrayBuffer): string[] {
  const view = Buffer.from(bytes);
  return Array.from({ length: view.length / KEY_BYTES }, (_, i) => view.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES).toString('latin1'));
}
