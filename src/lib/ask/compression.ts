/**
 * Index files stored compressed, as Pagefind stores its own: what a first answer reads (the
 * structure, the coarse codes, the passage and term shards) is written gzip-compressed (RFC 1952),
 * so that it downloads the same few bytes from any static host, whether or not the host compresses
 * what it serves (most compress JSON, few compress `.bin`). On the real archive structure.bin
 * stores in an eighth of its bytes, passage texts in a quarter, keyword postings in two thirds and
 * the coarse codes in nine tenths. int8 vectors do not compress (under 1%), and the scope files
 * are read by scoped questions only: both are stored as they are. Both ends use the Compression
 * Streams API, which browsers and Node share; pins are of the stored bytes, so a file is checked
 * before it is inflated.
 */
import { AskFileError } from './load.ts';

/** gzip's magic bytes and its one method (deflate): how a compressed file starts. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/**
 * The bytes through a compression stream. They enter as one chunk of a stream made here, not as a
 * Blob's stream: Chromium keeps a Blob's bytes in its browser process, so reading one back costs a
 * round trip between processes, 2-3 ms a shard in a worker on two cores against 0.5 ms this way.
 */
async function through(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  return new Uint8Array(await new Response(source.pipeThrough(transform)).arrayBuffer());
}

/** The bytes gzip-compressed, as the build stores an index file. Deterministic: the same bytes give the same file. */
export function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new CompressionStream('gzip'));
}

/**
 * The bytes of a stored index file inflated; `file` names it (its path under the site) in the
 * error when they are not gzip or do not inflate, as a damaged or foreign file.
 */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) throw new AskFileError(file, `${file} is damaged (not gzip-compressed, as this index's files are); rebuild and redeploy the site`);
  try {
    return await through(bytes, new DecompressionStream('gzip'));
  } catch (error) {
    throw new AskFileError(file, `${file} is damaged (it does not inflate: ${(error as Error).message}); rebuild and redeploy the site`);
  }
}
