import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRIEVAL_PARAMS } from '../../src/lib/ask/answer.ts';
import { ASK_FORMAT_VERSION, checkManifest, storeManifest, type AskManifest } from '../../src/lib/ask/manifest.ts';
import { DEFAULT_MODEL, resolveModelConfig } from '../../src/lib/model-config.ts';

const manifest: AskManifest = {
  format: 'verbatim-ask',
  version: ASK_FORMAT_VERSION,
  model: { ...DEFAULT_MODEL, dims: 512 },
  passages: { count: 2, shardSize: 32, files: [{ file: 'passages/0000.bin', bytes: 10 + 2 * 516, sha256: 'a'.repeat(64), texts: { bytes: 10, sha256: 'b'.repeat(64) } }] },
  structure: { file: 'structure.bin', bytes: 7, sha256: 'c'.repeat(64) },
  coarse: { file: 'coarse.bin', bytes: 100, sha256: 'd'.repeat(64), subspaces: 16, centroids: 2 },
  vectors: {
    quantization: 'int8-per-vector-scale',
    context: { section: true, question: true },
  },
  terms: { files: [{ file: 'terms/0000.bin', bytes: 50, sha256: 'e'.repeat(64) }] },
  retrieval: DEFAULT_RETRIEVAL_PARAMS,
  calibration: { dense: { mean: 0, std: 1 }, offTopic: { count: 0, max: 0, p95: 0 }, onTopic: { count: 0, p10: 0, median: 0 }, threshold: 1 },
};

describe('checkManifest', () => {
  it('accepts the model the index was built with', () => {
    expect(checkManifest(JSON.parse(JSON.stringify(manifest)), resolveModelConfig(), 512)).toEqual(manifest);
  });

  it('refuses another model id, pooling, prefix or dtype, naming each mismatch', () => {
    const other = resolveModelConfig({ id: 'Xenova/bge-small-en-v1.5', pooling: 'mean', queryPrefix: 'Represent: ' });
    expect(() => checkManifest(manifest, other)).toThrow(/id: index built with "verbatim\/use-lite".*pooling.*queryPrefix/);
    expect(() => checkManifest(manifest, resolveModelConfig({ dtype: 'fp32' }))).toThrow(/dtype: index built with "q8", questions would use "fp32"/);
  });

  it('refuses a model of other dimensions', () => {
    expect(() => checkManifest(manifest, resolveModelConfig(), 384)).toThrow(/dims: index has 512, the model gives 384/);
  });

  it('refuses what is not a manifest of this format version', () => {
    expect(() => checkManifest('<!doctype html>', resolveModelConfig())).toThrow(/not an answer index manifest/);
    expect(() => checkManifest({ ...manifest, version: 99 }, resolveModelConfig())).toThrow(/format version 99/);
    expect(() => checkManifest({ format: 'verbatim-ask', version: ASK_FORMAT_VERSION }, resolveModelConfig())).toThrow(/incomplete/);
    const unpinned = { ...manifest, passages: { ...manifest.passages, files: [{ ...manifest.passages.files[0]!, sha256: undefined }] } };
    expect(() => checkManifest(unpinned, resolveModelConfig())).toThrow(/incomplete: expected .*each file with file, bytes and sha256/);
    const textsUnpinned = { ...manifest, passages: { ...manifest.passages, files: [{ ...manifest.passages.files[0]!, texts: { bytes: 10 } }] } };
    expect(() => checkManifest(textsUnpinned, resolveModelConfig())).toThrow(/incomplete/);
    expect(() => checkManifest({ ...manifest, terms: { files: [] } }, resolveModelConfig())).toThrow(/incomplete/);
  });
});

describe('the stored manifest', () => {
  const shards = (kind: string, n: number, bytes: number) =>
    Array.from({ length: n }, (_, i) => ({ file: `${kind}/${String(i).padStart(4, '0')}.bin`, bytes: bytes + i, sha256: (i.toString(16).padStart(2, '0') + 'f0e1d2c3b4a5968778695a4b3c2d1e0f').repeat(2).slice(0, 64) }));
  const texts = shards('texts', 3, 9_000);
  const many: AskManifest = {
    ...manifest,
    passages: { ...manifest.passages, files: shards('passages', 3, 26_000).map((pin, i) => ({ ...pin, texts: { bytes: texts[i]!.bytes, sha256: texts[i]!.sha256.split('').reverse().join('') } })) },
    terms: { files: shards('terms', 2, 900) },
  };

  it('pins every shard in 12 bytes and a passage shard’s texts in 12 more, and reads back as the same pins, each by its size and the first 8 bytes of its SHA-256', () => {
    const stored = storeManifest(many);
    const json = JSON.stringify(stored);
    expect(json).not.toContain('passages/0000.bin');
    expect(atob(stored.shardPins).length).toBe(12 * (2 * 3 + 2));
    const read = checkManifest(JSON.parse(json), resolveModelConfig(), 512);
    expect(read.passages.files).toEqual(many.passages.files.map((pin) => ({ ...pin, sha256: pin.sha256.slice(0, 16), texts: { ...pin.texts, sha256: pin.texts.sha256.slice(0, 16) } })));
    expect(read.terms.files).toEqual(many.terms.files.map((pin) => ({ ...pin, sha256: pin.sha256.slice(0, 16) })));
    expect(read.structure).toEqual(many.structure);
    expect({ ...read, passages: undefined, terms: undefined }).toEqual({ ...many, passages: undefined, terms: undefined });
  });

  it('refuses pins that do not cover the shards it counts', () => {
    const stored = storeManifest(many);
    const short = { ...stored, shardPins: btoa(atob(stored.shardPins).slice(0, 12 * 7)) };
    expect(() => checkManifest(short)).toThrow(/shardPins do not pin the shards it counts/);
    expect(() => checkManifest({ ...stored, shardPins: '%%%' })).toThrow(/shardPins/);
    expect(() => checkManifest({ ...stored, terms: { shards: 0 } })).toThrow(/shardPins/);
  });

  it('refuses a shard named where no reader looks', () => {
    const misplaced = { ...many, terms: { files: [many.terms.files[1]!, many.terms.files[0]!] } };
    expect(() => storeManifest(misplaced)).toThrow(/terms\/0001\.bin is not where readers will look for it \(terms\/0000\.bin\)/);
  });
});
