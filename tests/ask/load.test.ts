import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AskFileError, checkPinnedFile, openAskIndex, openKeywordIndex, parsePassagesFile, sha256Hex } from '../../src/lib/ask/load.ts';
import { checkManifest } from '../../src/lib/ask/manifest.ts';
import { builtSite } from '../helpers/site.ts';

const dir = path.join(builtSite().dir, 'ask');
const read = (name: string) => new Uint8Array(readFileSync(path.join(dir, name)));
const manifest = () => checkManifest(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));

describe('the files the manifest pins', () => {
  it('pins both files of the built index by size and SHA-256, as Node computes it', async () => {
    const m = manifest();
    for (const pin of [m.passages, m.vectors]) {
      const bytes = read(pin.file);
      expect(pin.bytes).toBe(bytes.length);
      expect(pin.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(await sha256Hex(bytes)).toBe(pin.sha256);
    }
    const index = await openAskIndex(m, read('passages.json'), read('vectors.bin'));
    expect(index.passages).toHaveLength(m.passages.count);
  });

  it('refuses other bytes of the same size, and a file of another size, naming the file', async () => {
    const m = manifest();
    const random = randomBytes(m.vectors.bytes);
    await expect(openAskIndex(m, read('passages.json'), random)).rejects.toThrow(/^ask\/vectors\.bin is not the file this site's answer index was built with \(its SHA-256 differs/);
    const error = await checkPinnedFile(m.passages, read('passages.json').subarray(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AskFileError);
    expect((error as AskFileError).file).toBe('ask/passages.json');
    expect((error as Error).message).toMatch(/\(\d+ bytes, the manifest pins \d+\)/);
  });

  it('reads passages for keyword answers without a manifest, and names a damaged passages file', async () => {
    const files = await openKeywordIndex(undefined, read('passages.json'));
    expect(files.passages.length).toBe(manifest().passages.count);
    expect(() => parsePassagesFile('ask/passages.json', read('passages.json').subarray(0, 200))).toThrow(/^ask\/passages\.json is damaged \(not valid JSON: /);
  });
});
