/**
 * The answer index manifest (`ask/manifest.json`): what model made the vectors and how, where the
 * files are, and what calibration learned. Browser and CLI check it before scoring anything, so
 * vectors from one model are never compared with questions embedded by another (ANCHORS.md, 7).
 */
import type { ModelConfig } from '../model-config.ts';
import type { RetrievalParams } from './answer.ts';
import type { Calibration } from './calibration.ts';
import type { EmbeddingContext } from './passage-data.ts';

/** Bumped whenever the files change shape; a reader refuses any other version. */
export const ASK_FORMAT_VERSION = 3;

/** A file the manifest describes, pinned by its exact size and SHA-256 (lowercase hex). */
export type PinnedFile = { file: string; bytes: number; sha256: string };

/**
 * The manifest of an answer index, sharded (shards.ts): a reader fetches the structure and the
 * coarse codes whole, and only the shards one question needs. Shard n of a kind is `files[n]`.
 */
export type AskManifest = {
  format: 'verbatim-ask';
  version: number;
  model: Pick<ModelConfig, 'id' | 'pooling' | 'normalize' | 'queryPrefix' | 'passagePrefix' | 'dtype' | 'languages'> & { dims: number };
  /**
   * Passage shards of `shardSize` consecutive passages, each `{ passages: AskPassage[], about?: { [topic title]: description } }`
   * (passage-data.ts, AskPassagesFile), positions counted from the shard's first.
   */
  passages: { count: number; shardSize: number; files: PinnedFile[] };
  /** Which passages are questions and which question each answer follows (shards.ts, encodeStructure). */
  structure: PinnedFile;
  /** Product-quantisation codes of every vector, for the first pass (coarse.ts). */
  coarse: PinnedFile & { subspaces: number; centroids: number };
  /** Vector shards of `shardSize` consecutive passages; layout in vectors.ts. */
  vectors: {
    shardSize: number;
    files: PinnedFile[];
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

/** Fields whose mismatch makes dense scores meaningless. */
const MODEL_FIELDS = ['id', 'pooling', 'normalize', 'queryPrefix', 'passagePrefix', 'dtype'] as const;

/**
 * Checks a fetched manifest against the model the reader is about to embed questions with, and
 * returns it typed. Throws one message naming every mismatch. `dims` is the loaded model's output
 * size, when known. Without a model (a reader answering from keywords) only its form is checked.
 */
export function checkManifest(manifest: unknown, model?: ModelConfig, dims?: number): AskManifest {
  const m = manifest as Partial<AskManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 'verbatim-ask') {
    throw new Error('ask/manifest.json is not an answer index manifest (no "format": "verbatim-ask"); rebuild the site');
  }
  if (m.version !== ASK_FORMAT_VERSION) {
    throw new Error(`ask/manifest.json has format version ${String(m.version)}, this reader reads version ${ASK_FORMAT_VERSION}; rebuild the site`);
  }
  const shards = (list: { files?: unknown } | undefined) => Array.isArray(list?.files) && list.files.length > 0 && list.files.every(isPinned);
  if (!m.model || !m.calibration || !m.retrieval || !shards(m.passages) || !shards(m.vectors) || !shards(m.terms) || !isPinned(m.structure) || !isPinned(m.coarse)) {
    throw new Error(
      'ask/manifest.json is incomplete: expected model, passage, vector and term shards, structure and coarse codes (each file with file, bytes and sha256), retrieval and calibration; rebuild the site',
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
  return typeof pin.file === 'string' && typeof pin.bytes === 'number' && typeof pin.sha256 === 'string' && /^[0-9a-f]{64}$/.test(pin.sha256);
}
