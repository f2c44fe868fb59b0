import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzip } from '../../src/lib/ask/compression.ts';
import { AskFileError, checkPinnedFile, indexReader, sha256Hex } from '../../src/lib/ask/load.ts';
import { checkManifest } from '../../src/lib/ask/manifest.ts';
import { openExactIndex, ShardedIndex } from '../../src/lib/ask/sharded.ts';
import { encodePassageShard, splitPassageShard } from '../../src/lib/ask/shards.ts';
import { builtSite } from '../helpers/site.ts';

const dir = path.join(builtSite().dir, 'ask');
const readFile = (name: string) => new Uint8Array(readFileSync(path.join(dir, name)));
const manifest = () => checkManifest(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
const pins = (m = manifest()) => [m.structure, m.coarse, ...m.passages.files, ...m.terms.files];

describe('the files the manifest pins', () => {
  it('pins every file and shard of the built index by size and SHA-256, as Node computes it', async () => {
    const m = manifest();
    for (const pin of pins(m)) {
      const bytes = readFile(pin.file);
      const digest = createHash('sha256').update(bytes).digest('hex');
      expect(pin.bytes).toBe(bytes.length);
      // Shards are pinned by the digest's first 8 bytes, the structure and coarse codes by all of it.
      expect(pin.sha256).toBe(pin === m.structure || pin === m.coarse ? digest : digest.slice(0, 16));
      expect((await sha256Hex(bytes)).startsWith(pin.sha256)).toBe(true);
    }
    // A passage shard's texts part is pinned too, apart from its vectors.
    for (const pin of m.passages.files) {
      const { texts } = splitPassageShard(readFile(pin.file), pin.file);
      expect(pin.texts).toEqual({ bytes: texts.length, sha256: createHash('sha256').update(texts).digest('hex').slice(0, 16) });
    }
    const index = await openExactIndex(manifest(), indexReader(async (name) => readFile(name)));
    expect(index.passages).toHaveLength(manifest().passages.count);
  });

  it('refuses other bytes of the same size, and a file of another size, naming the file', async () => {
    const m = manifest();
    const random = indexReader(async (name) => (name === m.coarse.file ? randomBytes(m.coarse.bytes) : readFile(name)));
    await expect(ShardedIndex.open(m, random)).rejects.toThrow(/^ask\/coarse\.bin is not the file this site's answer index was built with \(its SHA-256 differs/);
    const shard = m.passages.files[0]!;
    const error = await checkPinnedFile(shard, readFile(shard.file).subarray(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AskFileError);
    expect((error as AskFileError).file).toBe('ask/passages/0000.bin');
    expect((error as Error).message).toMatch(/\(\d+ bytes, the manifest pins \d+\)/);
    // A shard of the same size whose digest differs in its first 8 bytes is refused too.
    const other = readFile(shard.file).slice();
    other[0] = other[0]! ^ 1;
    await expect(checkPinnedFile(shard, other)).rejects.toThrow(/^ask\/passages\/0000\.bin is not the file .*its SHA-256 differs/);
  });

  it('answers from keywords without a manifest, and names a damaged passage shard', async () => {
    const index = await ShardedIndex.openKeywords(undefined, indexReader(async (name) => readFile(name)));
    expect(index.layout.count).toBe(manifest().passages.count);
    const { result, passages } = await index.askByKeywords('enterprise sales cycle');
    expect(passages.get(result.answers[0]!.passage)!.text).toContain('enterprise sales cycle');
    const damaged = await ShardedIndex.openKeywords(undefined, indexReader(async (name) => (name.startsWith('passages/') ? readFile(name).subarray(0, 200) : readFile(name))));
    await expect(damaged.askByKeywords('enterprise sales cycle')).rejects.toThrow(/^ask\/passages\/0000\.bin is damaged \(its texts part runs past its end\)/);
    // Texts that do not inflate, and texts that inflate but not to a shard's JSON, are named as damaged too.
    const own = splitPassageShard(readFile('passages/0000.bin'), 'passages/0000.bin');
    const garbled = encodePassageShard(own.texts.map((b, i) => (i < 18 ? b : b ^ 0x55)), own.vectors);
    const notGzip = await ShardedIndex.openKeywords(undefined, indexReader(async (name) => (name.startsWith('passages/') ? garbled : readFile(name))));
    await expect(notGzip.askByKeywords('enterprise sales cycle')).rejects.toThrow(/^ask\/passages\/0000\.bin is damaged \(it does not inflate: /);
    const foreign = encodePassageShard(await gzip(new TextEncoder().encode('<!doctype html><p>Not found</p>')), own.vectors);
    const notJson = await ShardedIndex.openKeywords(undefined, indexReader(async (name) => (name.startsWith('passages/') ? foreign : readFile(name))));
    await expect(notJson.askByKeywords('enterprise sales cycle')).rejects.toThrow(/^ask\/passages\/0000\.bin is damaged \(not valid JSON: /);
  });

  it('refuses a passage shard’s other vectors for answers by meaning, yet shows its texts in answers from keywords; refuses other texts for both', async () => {
    const m = manifest();
    const own = splitPassageShard(readFile('passages/0000.bin'), 'passages/0000.bin');
    const otherVectors = encodePassageShard(own.texts, randomBytes(own.vectors.length));
    const reader = indexReader(async (name) => (name === 'passages/0000.bin' ? otherVectors : readFile(name)));
    const byMeaning = await ShardedIndex.open(m, reader);
    const query = new Float32Array(m.model.dims).fill(1 / Math.sqrt(m.model.dims));
    const refused = await byMeaning.ask('What did Altman say about the enterprise sales cycle?', query).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AskFileError);
    expect((refused as AskFileError).file).toBe('ask/passages/0000.bin');
    expect((refused as Error).message).toMatch(/^ask\/passages\/0000\.bin is not the file this site's answer index was built with \(its SHA-256 differs/);
    const byKeywords = await ShardedIndex.openKeywords(m, reader);
    const { result, passages } = await byKeywords.askByKeywords('enterprise sales cycle');
    expect(passages.get(result.answers[0]!.passage)!.text).toContain('enterprise sales cycle');

    // Texts of another build in a file of the right size: refused, whatever the vectors.
    const otherTexts = encodePassageShard(await gzip(new TextEncoder().encode('{"passages":[]}')), own.vectors);
    const padded = new Uint8Array(readFile('passages/0000.bin').length);
    padded.set(otherTexts.subarray(0, Math.min(otherTexts.length, padded.length)));
    const textsReader = indexReader(async (name) => (name === 'passages/0000.bin' ? padded : readFile(name)));
    const keywords = await ShardedIndex.openKeywords(m, textsReader);
    await expect(keywords.askByKeywords('enterprise sales cycle')).rejects.toThrow(/^ask\/passages\/0000\.bin is not the file this site's answer index was built with /);
  });
});
