/**
 * Opening a fetched or read answer index: the same steps, and the same checks, in the browser
 * worker, the page's keyword fallback and the CLI. Every file the manifest names is pinned by its
 * size and SHA-256, so vectors of another build, or a damaged or half-deployed file, are refused
 * instead of silently changing the answers.
 */
import { createAskIndex, type AskIndex } from './answer.ts';
import { DEFAULT_KEYWORD_PARAMS, type KeywordParams } from './keyword.ts';
import type { AskManifest, PinnedFile } from './manifest.ts';
import { unpackPassages, type AskPassage, type AskPassagesFile } from './passage-data.ts';
import { decodeVectors } from './vectors.ts';

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

/** File names inside the site's `ask/` folder, as the build writes them (a reader without a manifest assumes these). */
export const ASK_FILES = { manifest: 'manifest.json', vectors: 'vectors.bin', passages: 'passages.json' } as const;

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
  if ((await sha256Hex(bytes)) !== pin.sha256) {
    throw new AskFileError(file, `${file} is not the file this site's answer index was built with (its SHA-256 differs from the manifest's); rebuild and redeploy the site`);
  }
}

/** Parses the bytes of a passages file, naming the file when they are not one. */
export function parsePassagesFile(file: string, bytes: Uint8Array, count?: number): AskPassage[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new AskFileError(file, `${file} is damaged (not valid JSON: ${(error as Error).message}); rebuild and redeploy the site`);
  }
  const passages = (parsed as { passages?: unknown } | null)?.passages;
  if (!Array.isArray(passages) || (count !== undefined && passages.length !== count)) {
    const expected = count === undefined ? 'the passages' : `the ${count} passages the manifest names`;
    throw new AskFileError(file, `${file} does not hold ${expected}; rebuild and redeploy the site`);
  }
  return unpackPassages(parsed as AskPassagesFile);
}

/** Assembles the in-memory index from a checked manifest and the bytes of its passages and vectors, refusing any file it does not pin. */
export async function openAskIndex(manifest: AskManifest, passageBytes: Uint8Array, vectorBytes: Uint8Array): Promise<AskIndex> {
  await Promise.all([checkPinnedFile(manifest.passages, passageBytes), checkPinnedFile(manifest.vectors, vectorBytes)]);
  const passages = parsePassagesFile(ASK_DIR + manifest.passages.file, passageBytes, manifest.passages.count);
  const vectors = decodeVectors(vectorBytes, manifest.passages.count, manifest.model.dims);
  return createAskIndex(passages, vectors, manifest.retrieval, manifest.model.languages);
}

/** What keyword answers need: the passages, the keyword settings, and the languages the model reads (when the manifest says). */
export type KeywordIndexFiles = { passages: AskPassage[]; params: KeywordParams; languages?: readonly string[] };

/**
 * Opens the passages for keyword answers: pinned by the manifest when there is one (its size
 * always, its SHA-256 when the reader can hash), else as the site's default passages file with the
 * default keyword settings, since keyword answers need nothing else.
 */
export async function openKeywordIndex(manifest: AskManifest | undefined, passageBytes: Uint8Array, options: { hash?: boolean } = {}): Promise<KeywordIndexFiles> {
  if (!manifest) return { passages: parsePassagesFile(ASK_DIR + ASK_FILES.passages, passageBytes), params: DEFAULT_KEYWORD_PARAMS };
  await checkPinnedFile(manifest.passages, passageBytes, options);
  return {
    passages: parsePassagesFile(ASK_DIR + manifest.passages.file, passageBytes, manifest.passages.count),
    params: manifest.retrieval.keyword,
    ...(manifest.model.languages ? { languages: manifest.model.languages } : {}),
  };
}
