import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import { buildAskIndex } from '../../src/build/ask-index.ts';
import { checkManifest, storeManifest } from '../../src/lib/ask/manifest.ts';
import { splitPassageShard } from '../../src/lib/ask/shards.ts';
import { buildAskSite, sitePassages } from './ask-site.ts';

describe('embedding cache', () => {
  it('embeds nothing on an unchanged rebuild and exactly one passage when one passage changes', async () => {
    const passages = sitePassages();
    const first = await buildAskSite(passages);
    expect(first.result.embedded).toBeGreaterThanOrEqual(passages.length);

    const again = await buildAskIndex({ passages, outDir: first.outDir, model: DEFAULT_MODEL, cacheDir: first.cacheDir });
    expect(again.embedded).toBe(0);

    // A report: no answer carries it as its question, so only its own embedded text changes.
    const at = passages.findIndex((p) => p.kind === 'report');
    const edited = passages.map((p, i) => (i === at ? { ...p, text: `${p.text} Edited.` } : p));
    const changed = await buildAskIndex({ passages: edited, outDir: first.outDir, model: DEFAULT_MODEL, cacheDir: first.cacheDir });
    expect(changed.embedded).toBe(1);
    expect(changed.manifest.passages.files[0]!.sha256).not.toBe(again.manifest.passages.files[0]!.sha256);
    expect(changed.manifest.passages.files[0]!.texts).not.toEqual(again.manifest.passages.files[0]!.texts);

    const manifest = checkManifest(JSON.parse(readFileSync(path.join(first.outDir, 'ask', 'manifest.json'), 'utf8')));
    expect(manifest).toEqual(checkManifest(storeManifest(changed.manifest)));
    const shards = manifest.passages.files.map((pin) => splitPassageShard(readFileSync(path.join(first.outDir, 'ask', pin.file)), pin.file).vectors.length);
    expect(shards.reduce((a, b) => a + b, 0)).toBe(changed.manifest.passages.count * (4 + manifest.model.dims));
  });
});
