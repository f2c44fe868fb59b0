/**
 * The converted USE lite against the original TF.js model: same token ids, same embeddings
 * (cosine >= 0.99999 in float32, >= 0.998 with int8 weights).
 */
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, resolveModelConfig, type ModelDtype } from '../../src/lib/model-config.ts';
import { createEmbedder, type Embedder } from '../../src/build/embedder.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';
import { DEFAULT_MODELS_DIR } from '../../src/build/model/paths.ts';
import { PARITY_CORPUS } from './fixtures/corpus.ts';
import { cosine, referenceModel } from './reference.ts';

// Empty strings inside the batch: the original drops a trailing empty row, so none goes last.
const TEXTS = PARITY_CORPUS.flatMap((text, i) => (i % 50 === 25 ? ['', text] : [text]));

let expected: Promise<number[][]>;

beforeAll(async () => {
  await ensureDefaultModel();
  expected = referenceModel().then((reference) => reference.embed([...TEXTS]));
}, 120_000);

describe('tokenizer.json', () => {
  it('gives the original token ids on every text of the corpus', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = `${DEFAULT_MODELS_DIR}/`;
    const tokenizer = await AutoTokenizer.from_pretrained(DEFAULT_MODEL.id);
    const original = (await referenceModel()).tokenizer;
    expect(TEXTS.length).toBeGreaterThanOrEqual(200);
    const mismatches = TEXTS.filter((text) => JSON.stringify(tokenizer.encode(text)) !== JSON.stringify(original.encode(text)));
    expect(mismatches).toEqual([]);
    // The corpus does reach past the 128-token limit.
    expect(Math.max(...TEXTS.map((text) => original.encode(text).length))).toBeGreaterThan(128);
  }, 120_000);
});

describe.each<[ModelDtype, number]>([
  ['fp32', 0.99999],
  ['q8', 0.998],
])('embeddings (%s)', (dtype, threshold) => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await createEmbedder(resolveModelConfig({ dtype }));
  }, 120_000);
  afterAll(() => embedder?.dispose());

  it(`match the original with cosine >= ${threshold}`, async () => {
    const original = await expected;
    const actual = await embedder.embedPassages(TEXTS);
    expect(actual).toHaveLength(original.length);
    const cosines = actual.map((vector, i) => cosine(vector, original[i]!));
    const min = Math.min(...cosines);
    const mean = cosines.reduce((a, b) => a + b, 0) / cosines.length;
    console.log(`${dtype}: ${cosines.length} texts, cosine min ${min.toFixed(6)} (1 - ${(1 - min).toExponential(2)}), mean ${mean.toFixed(6)}`);
    expect(min).toBeGreaterThanOrEqual(threshold);
    expect(embedder.dims).toBe(512);
  }, 300_000);

  it('embed an empty text the same alone, last in a batch, or in the middle', async () => {
    const [alone] = await embedder.embedQueries(['']);
    const [, middle] = await embedder.embedQueries(['first', '', 'third']);
    const [, last] = await embedder.embedQueries(['first', '']);
    const [original] = await (await referenceModel()).embed(['', 'x']);
    expect(cosine(alone!, original!)).toBeGreaterThanOrEqual(threshold);
    expect(cosine(middle!, alone!)).toBeGreaterThan(0.999999);
    expect(cosine(last!, alone!)).toBeGreaterThan(0.999999);
  }, 60_000);
});

describe('createEmbedder', () => {
  it('refuses to return a NaN vector: mean pooling over an empty USE lite text has no tokens', async () => {
    const embedder = await createEmbedder(resolveModelConfig({ pooling: 'mean' }));
    await expect(embedder.embedPassages(['some text', ''])).rejects.toThrow(/non-finite embedding for text 1 \(""\); is it empty\?/);
    await embedder.dispose();
  }, 60_000);
});
