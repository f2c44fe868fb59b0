import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingWindow, EMBEDDING_CHARS_PER_TOKEN } from '../../src/lib/ask/passage-data.ts';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { createEmbedder, type Embedder } from '../../src/build/embedder.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';

describe('embeddingWindow', () => {
  it('keeps a text that fits, and cuts a longer one at the character budget of the model’s tokens', () => {
    expect(embeddingWindow('short text', 128)).toBe('short text');
    const long = 'word '.repeat(10_000);
    expect(embeddingWindow(long, 128)).toBe(long.slice(0, 128 * EMBEDDING_CHARS_PER_TOKEN));
    expect(embeddingWindow(long, 512)).toHaveLength(512 * EMBEDDING_CHARS_PER_TOKEN);
  });

  it('never ends on half of a character', () => {
    const budget = 4 * EMBEDDING_CHARS_PER_TOKEN;
    const text = `${'a'.repeat(budget - 1)}😀😀`;
    expect(embeddingWindow(text, 4)).toBe('a'.repeat(budget - 1));
  });
});

describe('a very long passage, embedded by the real model', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    await ensureDefaultModel();
    embedder = await createEmbedder(resolveModelConfig({}));
  }, 120_000);
  afterAll(() => embedder?.dispose());

  it('embeds 50,000 characters to the vector of what the model reads', async () => {
    const sentence = 'Because a railway is a promise that a city keeps for a century, and promises cost money. ';
    const text = sentence.repeat(Math.ceil(50_000 / sentence.length)).slice(0, 50_000);
    const [whole] = await embedder.embedPassages([text]);
    // 1,500 characters are already more than the 128 tokens USE lite reads.
    const [start] = await embedder.embedPassages([text.slice(0, 1_500)]);
    expect(Array.from(whole!)).toEqual(Array.from(start!));
  }, 60_000);

  it('embeds a single 5,000-character word', async () => {
    const [vector] = await embedder.embedPassages(['x'.repeat(5_000)]);
    expect(vector!.every(Number.isFinite)).toBe(true);
  }, 60_000);
});
