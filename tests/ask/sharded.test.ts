import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { answerPositions, ask, DEFAULT_RETRIEVAL_PARAMS } from '../../src/lib/ask/answer.ts';
import { decodeCoarse } from '../../src/lib/ask/coarse.ts';
import { askIndexFiles } from '../../src/lib/ask/index-files.ts';
import { keywordScores } from '../../src/lib/ask/keyword.ts';
import { ASK_FORMAT_VERSION, type AskManifest } from '../../src/lib/ask/manifest.ts';
import { indexReader } from '../../src/lib/ask/load.ts';
import { alsoInShards, openExactIndex, refineSet, ShardedIndex } from '../../src/lib/ask/sharded.ts';
import {
  decodeStructure,
  decodeTermShard,
  encodeStructure,
  encodeTermShards,
  MAX_SHARDS,
  PASSAGES_PER_SHARD,
  passageShardSize,
  passageStructure,
  shardCount,
  shardFile,
  shardsFor,
  termShardCount,
  termShardIndex,
  termShardOf,
  splitPassageShard,
} from '../../src/lib/ask/shards.ts';
import { terms } from '../../src/lib/ask/text.ts';
import { decodeVectors } from '../../src/lib/ask/vectors.ts';
import { near, seeded, syntheticArchive } from './synthetic-archive.ts';

const { index, floats, random } = syntheticArchive(1000, 256);
const calibration = { dense: { mean: 0, std: 0.1 }, offTopic: { count: 0, max: 0, p95: 0 }, onTopic: { count: 0, p10: 0, median: 0 }, threshold: 2 };

/** The built files of the synthetic archive, a manifest for them, and a reader that records every file read. */
async function shipped() {
  const { entries, files } = await askIndexFiles(index);
  const manifest: AskManifest = {
    format: 'verbatim-ask',
    version: ASK_FORMAT_VERSION,
    model: { id: 'test', dims: 256, pooling: 'cls', normalize: true, queryPrefix: '', passagePrefix: '', dtype: 'q8' },
    ...entries,
    vectors: { quantization: 'int8-per-vector-scale', context: { section: false, question: false } },
    retrieval: DEFAULT_RETRIEVAL_PARAMS,
    calibration,
  };
  const reads: string[] = [];
  const read = indexReader(async (name) => {
    reads.push(name);
    const bytes = files.get(name);
    if (!bytes) throw new Error(`no ${name}`);
    return bytes;
  });
  return { manifest, files, reads, read };
}

describe('shards', () => {
  it('finds each passage its shard, each shard once', () => {
    expect(shardsFor([0, 1, 63, 64, 200, 64], 64)).toEqual([0, 1, 3]);
    expect(shardsFor([], 64)).toEqual([]);
    expect(shardFile('terms', 7)).toBe('terms/0007.bin');
    expect(shardFile('passages', 12)).toBe('passages/0012.bin');
  });

  it('puts every term in one term shard, and a term shard read back scores exactly as the whole index', () => {
    const shards = encodeTermShards(index.keyword, 5);
    const question = 'rail budget for the city harbour';
    const wanted = [...new Set(terms(question).map((t) => termShardOf(t, 5)))];
    expect(termShardOf('rail', 5)).toBe(termShardOf('rail', 5));
    const partial = termShardIndex(index.keyword.count, index.keyword.params, wanted.map((n) => decodeTermShard(shards[n]!, `terms/${n}`)));
    expect([...keywordScores(partial, question)]).toEqual([...keywordScores(index.keyword, question)]);
    const all = termShardIndex(index.keyword.count, index.keyword.params, shards.map((s, n) => decodeTermShard(s, `terms/${n}`)));
    expect(all.postings).toEqual(index.keyword.postings);
    expect(() => decodeTermShard(shards[0]!.subarray(0, shards[0]!.length - 1), 'ask/terms/0000.bin')).toThrow(/^ask\/terms\/0000\.bin is damaged/);
  });

  it('keeps the structure and layout of the passages in structure.bin', () => {
    const structure = passageStructure(index.passages);
    const layout = { count: index.passages.length, passageShardSize: 64, termShards: 4 };
    expect(decodeStructure(encodeStructure(layout, structure), 'structure.bin')).toEqual({ layout, structure });
    // Turns of several passages come back whole, from one bit a passage.
    expect([...structure.turn].filter((t) => t >= 0).length).toBeGreaterThan(0);
    const broken = { ...structure, turn: structure.turn.map((t, i) => (i === 4 ? 1 : t)) };
    expect(() => encodeStructure(layout, broken)).toThrow(/passage 4 continues a turn \(of passage 1\) that does not run up to it/);
  });

  it('stores what a first answer reads gzip-compressed, to the byte what it encodes, and the vectors as they are, beside their passages’ texts', async () => {
    const { manifest, files } = await shipped();
    const inflate = (name: string) => new Uint8Array(gunzipSync(files.get(name)!));
    const isGzip = (name: string) => files.get(name)![0] === 0x1f && files.get(name)![1] === 0x8b;
    const layout = { count: index.passages.length, passageShardSize: manifest.passages.shardSize, termShards: manifest.terms.files.length };
    expect(inflate('structure.bin')).toEqual(encodeStructure(layout, index.structure));
    expect(files.get('structure.bin')!.length).toBeLessThan(encodeStructure(layout, index.structure).length);
    const coarse = decodeCoarse(inflate('coarse.bin'), { count: index.passages.length, dims: 256, subspaces: manifest.coarse.subspaces, centroids: manifest.coarse.centroids });
    expect(coarse.codes.length).toBe(index.passages.length * manifest.coarse.subspaces);
    encodeTermShards(index.keyword, layout.termShards).forEach((bytes, n) => expect(inflate(shardFile('terms', n))).toEqual(bytes));
    const parts = manifest.passages.files.map((pin) => splitPassageShard(files.get(pin.file)!, pin.file));
    const texts = parts.flatMap((part) => (JSON.parse(new TextDecoder().decode(gunzipSync(part.texts))) as { passages: { text: string }[] }).passages.map((p) => p.text));
    expect(texts).toEqual(index.passages.map((p) => p.text));
    for (const pin of manifest.passages.files) expect(isGzip(pin.file)).toBe(false);
    // The vectors follow the texts, four-byte aligned, each shard's for its own passages.
    const size = manifest.passages.shardSize;
    expect(size).toBe(PASSAGES_PER_SHARD);
    parts.forEach((part, n) => {
      expect((part.vectors.byteOffset - files.get(shardFile('passages', n))!.byteOffset) % 4).toBe(0);
      const rows = Math.min(size, index.passages.length - n * size);
      expect(decodeVectors(part.vectors, rows, 256).values).toEqual(index.vectors.values.subarray(n * size * 256, (n * size + rows) * 256));
    });
  });

  it('keeps which interview each passage is from, and reads an index built before it did', () => {
    const structure = passageStructure(index.passages);
    // Interviews of 20 passages, numbered in order.
    expect(structure.interview![0]).toBe(0);
    expect(structure.interview![19]).toBe(0);
    expect(structure.interview![20]).toBe(1);
    expect(structure.interview![999]).toBe(49);
    const layout = { count: index.passages.length, passageShardSize: 64, termShards: 4 };
    const { interview: _, ...before } = structure;
    expect(decodeStructure(encodeStructure(layout, before), 'structure.bin')).toEqual({ layout, structure: before });
    // Passages listed out of their interviews' order keep their interviews.
    const mixed = passageStructure(index.passages.map((p, i) => (i === 45 ? { ...p, id: index.passages[3]!.id } : p)));
    expect(mixed.interview![45]).toBe(0);
    expect(decodeStructure(encodeStructure(layout, mixed), 'structure.bin').structure.interview).toEqual(mixed.interview);
    const full = encodeStructure(layout, structure);
    expect(() => decodeStructure(full.subarray(0, full.length - 1), 'ask/structure.bin')).toThrow(/^ask\/structure\.bin is damaged/);
  });

  it('sends to exact scoring the best of the first pass, the questions they follow, and the answers of those questions', () => {
    const structure = passageStructure(index.passages);
    // Passage 7 answers question 5; question 10 is answered by 11 to 14.
    expect(structure.question[7]).toBe(5);
    const set = refineSet(structure, [7], [10]);
    expect(set).toEqual(expect.arrayContaining([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]));
    expect(set).not.toContain(15);
  });
});

describe('answering in two passes', () => {
  it('scores again, beyond the passages it must, only those whose vector shards it reads anyway', () => {
    // Shards of 64: 5 and 70 are in shards 0 and 1, so 3, 64 and 71 come free; 130 and 200 would cost a file each.
    expect(alsoInShards([70, 5], [3, 64, 130, 71, 200, 5], 64)).toEqual([3, 5, 64, 70, 71]);
    expect(alsoInShards([], [3, 64], 64)).toEqual([]);
  });

  it('answers a question the same whether it is asked first or after others', async () => {
    const { manifest, read } = await shipped();
    // Its own draws, so that the other tests ask what they always asked.
    const random = seeded(11);
    const asked = Array.from({ length: 8 }, () => {
      const target = 1 + Math.floor(random() * (floats.length - 1));
      return { question: index.passages[target]!.text.split(' ').slice(0, 3).join(' '), vector: near(floats[target]!, 0.2, random) };
    });
    const session = await ShardedIndex.open(manifest, read);
    for (const { question, vector } of asked) {
      const later = await session.ask(question, vector);
      const first = await (await ShardedIndex.open(manifest, read)).ask(question, vector);
      expect(later.result).toEqual(first.result);
    }
  });

  it('gives the answers of exact search, reading only the shards the question needs', async () => {
    const { manifest, files, reads, read } = await shipped();
    const sharded = await ShardedIndex.open(manifest, read);
    const exact = await openExactIndex(manifest, read);
    let same = 0;
    let joined = 0;
    const questions = 30;
    for (let q = 0; q < questions; q++) {
      const target = 1 + Math.floor(random() * (floats.length - 1));
      const vector = near(floats[target]!, 0.2, random);
      const question = index.passages[target]!.text.split(' ').slice(0, 3).join(' ');
      const expected = ask(exact, calibration, question, vector);
      reads.length = 0;
      const { result, passages } = await sharded.ask(question, vector);
      if (JSON.stringify(result) === JSON.stringify(expected)) same++;
      joined += result.answers.filter((a) => a.parts).length;
      // Every passage an answer shows (its parts and the question it follows) comes with it.
      for (const position of result.answers.flatMap(answerPositions)) expect(passages.get(position)).toEqual(exact.passages[position]);
      // Only the question's term shards and the passage shards of the refined passages and the answers, each once.
      const termShards = new Set(terms(question).map((t) => shardFile('terms', termShardOf(t, manifest.terms.files.length))));
      const answerShards = shardsFor(result.answers.flatMap(answerPositions), manifest.passages.shardSize).map((n) => shardFile('passages', n));
      for (const name of reads) {
        if (name.startsWith('terms/')) expect(termShards.has(name), name).toBe(true);
        else expect(name).toMatch(/^passages\//);
      }
      expect(new Set(reads).size).toBe(reads.length);
      expect(reads).toEqual(expect.arrayContaining(q === 0 ? answerShards : []));
      expect(reads.filter((n) => n.startsWith('passages/')).length).toBeLessThan(manifest.passages.files.length);
    }
    expect(same).toBeGreaterThanOrEqual(questions - 1);
    expect(joined, 'some answers run over two or three passages of one turn').toBeGreaterThan(0);
    expect(files.size).toBe(2 + manifest.passages.files.length + manifest.terms.files.length);
  });

  it('answers from keywords without vectors, and without a manifest through the layout of structure.bin', async () => {
    const { manifest, reads, read } = await shipped();
    const withManifest = await ShardedIndex.openKeywords(manifest, read);
    const without = await ShardedIndex.openKeywords(undefined, read);
    const question = 'harbour rail budget';
    const a = await withManifest.askByKeywords(question);
    const b = await without.askByKeywords(question);
    expect(a.result.abstained).toBe(false);
    expect(b.result).toEqual(a.result);
    expect(reads).not.toContain('coarse.bin');
    for (const answer of a.result.answers) expect(index.passages[answer.passage]!.kind).not.toBe('question');
  });
});

describe('shard sizes', () => {
  it('stay at their smallest for the real archive, and grow past 96,000 passages so that no kind passes its file budget', () => {
    expect([passageShardSize(68_502), termShardCount(68_502)]).toEqual([PASSAGES_PER_SHARD, 268]);
    for (const count of [29, 96_000, 96_001, 216_511, 1_000_000]) {
      expect(shardCount(count, passageShardSize(count))).toBeLessThanOrEqual(MAX_SHARDS.passages);
      expect(termShardCount(count)).toBeLessThanOrEqual(MAX_SHARDS.terms);
    }
    expect(passageShardSize(96_000)).toBe(PASSAGES_PER_SHARD);
    expect(passageShardSize(216_511)).toBe(73);
  });
});
