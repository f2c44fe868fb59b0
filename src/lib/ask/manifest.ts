/**
 * The answer index manifest (`ask/manifest.json`): what model made the vectors and how, where the
 * files are, and what calibration learned. Browser and CLI check it before scoring anything, so
 * vectors from one model are never compared with questions embedded by another (ANCHORS.md, 7).
 */
import type { ModelConfig } from '../model-config.ts';
import type { RetrievalParams } from './answer.ts';
import type { Calibration } from './calibration.ts';
import type { EmbeddingContext } from './passage-data.ts';
import { shardFile } from './shards.ts';

/**
 * Bumped whenever the files change shape; a reader refuses any other version. 6: the structure,
 * the coarse codes and the passage and term shards are stored gzip-compressed (compression.ts),
 * and passage shards are named `.bin`. 7: a passage shard holds its passages' vectors too
 * (shards.ts, encodePassageShard), and there are no vector shards.
 */
export const ASK_FORMAT_VERSION = 7;

/**
 * A file the manifest describes, pinned by its exact size and SHA-256 (lowercase hex): the whole
 * digest, or for a shard its first SHARD_PIN_BYTES bytes (16 hex digits), which tell a stale or
 * damaged file from the one the build wrote as surely, at an eighth of the bytes.
 */
export type PinnedFile = { file: string; bytes: number; sha256: string };

/**
 * A passage shard's pin: the whole file's, and its texts part's (shards.ts, encodePassageShard)
 * by its size and SHA-256. A shard whose texts match and whose whole does not has other vectors
 * (another build's, or damaged): its texts may still be shown, as keyword answers, but it is never
 * scored.
 */
export type PassageShardPin = PinnedFile & { texts: Pick<PinnedFile, 'bytes' | 'sha256'> };

/** Bytes of SHA-256 a shard is pinned by (manifest.json's `shardPins`). */
export const SHARD_PIN_BYTES = 8;

/**
 * The manifest of an answer index, sharded (shards.ts): a reader fetches the structure and the
 * coarse codes whole, and only the shards one question needs. Shard n of a kind is `files[n]`.
 */
export type AskManifest = {
  format: 'verbatim-ask';
  version: number;
  model: Pick<ModelConfig, 'id' | 'pooling' | 'normalize' | 'queryPrefix' | 'passagePrefix' | 'dtype' | 'languages'> & { dims: number };
  /**
   * Passage shards of `shardSize` consecutive passages, each their texts, `{ passages: AskPassage[], about?: { [topic title]: description } }`
   * (passage-data.ts, AskPassagesFile), and their vectors (vectors.ts), in the layout of shards.ts
   * (encodePassageShard); positions counted from the shard's first.
   */
  passages: { count: number; shardSize: number; files: PassageShardPin[] };
  /** Which passages are questions and which question each answer follows (shards.ts, encodeStructure). */
  structure: PinnedFile;
  /** Product-quantisation codes of every vector, for the first pass (coarse.ts). */
  coarse: PinnedFile & { subspaces: number; centroids: number };
  /** How the vectors in the passage shards were made and stored. */
  vectors: {
    quantization: 'int8-per-vector-scale';
    /** The context embedded with each passage's text. */
    context: EmbeddingContext;
  };
  /** Keyword postings, each term in the shard its hash names (shards.ts, termShardOf). */
  terms: { files: PinnedFile[] };
  /** Each interview's passages and each topic's (scope.ts): what a question asked within one is answered from. Absent in indexes built without them. */
  scopes?: PinnedFile;
  /** Retrieval settings the calibration was learned with; readers must score with exactly these. */
  retrieval: RetrievalParams;
  calibration: Calibration;
  /**
   * Bytes a first question downloads besides this index: the model's run-time files and the
   * runtime binary, so the page can state the whole download before it starts.
   */
  download?: { model: number; runtime: number };
};

/**
 * The manifest as `ask/manifest.json` holds it: the shards' pins are not a list of objects (half a
 * megabyte at 3,500 shards, fetched before the first answer) but `shardPins`, base64 of 12 bytes a
 * shard, for the passage shards, then the term shards: its size (uint32,
 * little-endian) and the first SHARD_PIN_BYTES bytes of its SHA-256; a passage shard's record is
 * followed by one of its texts part, the same way. Shard n of a kind is the file
 * shardFile names; `shards` says how many a kind has. checkManifest expands it into AskManifest.
 */
export type StoredManifest = Omit<AskManifest, 'passages' | 'terms'> & {
  passages: Omit<AskManifest['passages'], 'files'> & { shards: number };
  terms: { shards: number };
  shardPins: string;
};

const SHARD_KINDS = ['passages', 'terms'] as const;
const PIN_RECORD = 4 + SHARD_PIN_BYTES;

/** The manifest as the build writes it (see StoredManifest); checkManifest reads it back. */
export function storeManifest(manifest: AskManifest): StoredManifest {
  const pins: Pick<PinnedFile, 'bytes' | 'sha256'>[] = [];
  for (const kind of SHARD_KINDS) {
    manifest[kind].files.forEach((pin: PinnedFile | PassageShardPin, n) => {
      const expected = shardFile(kind, n);
      if (pin.file !== expected) throw new Error(`shard ${pin.file} is not where readers will look for it (${expected})`);
      pins.push(pin);
      if (kind === 'passages') pins.push((pin as PassageShardPin).texts);
    });
  }
  const bytes = new Uint8Array(pins.length * PIN_RECORD);
  const view = new DataView(bytes.buffer);
  pins.forEach((pin, n) => {
    view.setUint32(n * PIN_RECORD, pin.bytes, true);
    for (let b = 0; b < SHARD_PIN_BYTES; b++) bytes[n * PIN_RECORD + 4 + b] = Number.parseInt(pin.sha256.slice(b * 2, b * 2 + 2), 16);
  });
  const { passages, terms, ...rest } = manifest;
  const { files: _p, ...passageShards } = passages;
  return {
    ...rest,
    passages: { ...passageShards, shards: passages.files.length },
    terms: { shards: terms.files.length },
    shardPins: toBase64(bytes),
  };
}

/** Expands a stored manifest's shard pins; undefined when they are not what StoredManifest says. */
function expandShardPins(m: Partial<StoredManifest>): Pick<AskManifest, 'passages' | 'terms'> | undefined {
  const passageCount = m.passages?.shards;
  const termCount = m.terms?.shards;
  if (typeof m.shardPins !== 'string' || ![passageCount, termCount].every((n) => Number.isInteger(n) && n! > 0)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(m.shardPins);
  } catch {
    return undefined;
  }
  if (bytes.length !== (2 * passageCount! + termCount!) * PIN_RECORD) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let record = 0;
  const next = (): Pick<PinnedFile, 'bytes' | 'sha256'> => {
    const at = record++ * PIN_RECORD;
    const sha256 = Array.from(bytes.subarray(at + 4, at + PIN_RECORD), (b) => b.toString(16).padStart(2, '0')).join('');
    return { bytes: view.getUint32(at, true), sha256 };
  };
  const passages = Array.from({ length: passageCount! }, (_, n): PassageShardPin => ({ file: shardFile('passages', n), ...next(), texts: next() }));
  const terms = Array.from({ length: termCount! }, (_, n): PinnedFile => ({ file: shardFile('terms', n), ...next() }));
  const { shards: _s, ...passageShards } = m.passages!;
  return { passages: { ...passageShards, files: passages }, terms: { files: terms } };
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Fields whose mismatch makes dense scores meaningless. */
const MODEL_FIELDS = ['id', 'pooling', 'normalize', 'queryPrefix', 'passagePrefix', 'dtype'] as const;

/**
 * Checks a fetched manifest against the model the reader is about to embed questions with, and
 * returns it typed. Throws one message naming every mismatch. `dims` is the loaded model's output
 * size, when known. Without a model (a reader answering from keywords) only its form is checked.
 */
export function checkManifest(manifest: unknown, model?: ModelConfig, dims?: number): AskManifest {
  let m = manifest as Partial<AskManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 'verbatim-ask') {
    throw new Error('ask/manifest.json is not an answer index manifest (no "format": "verbatim-ask"); rebuild the site');
  }
  if (m.version !== ASK_FORMAT_VERSION) {
    throw new Error(`ask/manifest.json has format version ${String(m.version)}, this reader reads version ${ASK_FORMAT_VERSION}; rebuild the site`);
  }
  if ('shardPins' in m) {
    const expanded = expandShardPins(m as Partial<StoredManifest>);
    if (!expanded) throw new Error('ask/manifest.json is damaged: its shardPins do not pin the shards it counts (12 bytes of base64 a shard); rebuild the site');
    const { shardPins: _pins, ...rest } = m as Partial<StoredManifest>;
    m = { ...rest, ...expanded } as Partial<AskManifest>;
  }
  const shards = (list: { files?: unknown } | undefined) => Array.isArray(list?.files) && list.files.length > 0 && list.files.every(isPinned);
  const textsPinned = (list: { files?: unknown } | undefined) => (list!.files as Partial<PassageShardPin>[]).every((pin) => isPinned({ file: pin.file, ...pin.texts }));
  if (!m.model || !m.calibration || !m.retrieval || !shards(m.passages) || !textsPinned(m.passages) || !m.vectors || !shards(m.terms) || !isPinned(m.structure) || !isPinned(m.coarse)) {
    throw new Error(
      'ask/manifest.json is incomplete: expected model, vectors, passage and term shards, structure and coarse codes (each file with file, bytes and sha256), retrieval and calibration; rebuild the site',
    );
  }
  if (!model) return m as AskManifest;
  const built = m.model;
  const problems = MODEL_FIELDS.filter((field) => built[field] !== model[field]).map(
    (field) => `${field}: index built with ${JSON.stringify(built[field])}, questions would use ${JSON.stringify(model[field])}`,
  );
  if (dims !== undefined && built.dims !== dims) problems.push(`dims: index has ${built.dims}, the model gives ${dims}`);
  if (problems.length > 0) {
    throw new Error(`The answer index does not match the model (${problems.join('; ')}). Rebuild the site with the same model settings.`);
  }
  return m as AskManifest;
}

function isPinned(value: unknown): value is PinnedFile {
  const pin = value as Partial<PinnedFile>;
  return typeof pin.file === 'string' && typeof pin.bytes === 'number' && typeof pin.sha256 === 'string' && /^[0-9a-f]{16}(?:[0-9a-f]{48})?$/.test(pin.sha256);
}
