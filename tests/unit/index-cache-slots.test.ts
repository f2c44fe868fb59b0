import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexCacheSlot } from '../../src/build/index-cache-slots.ts';

describe('index cache slots', () => {
  it('gives each content folder a slot of its own, the same one every build', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'slots-'));
    const a = await indexCacheSlot(root, '/sites/archive/content');
    const b = await indexCacheSlot(root, '/sites/other/content');
    expect(a).not.toBe(b);
    expect(await indexCacheSlot(root, '/sites/archive/./content')).toBe(a);
    expect(readFileSync(path.join(a, 'content-folder.txt'), 'utf8')).toBe('/sites/archive/content\n');
  });

  it('keeps a large archive’s slot while many small sites come and go, and drops the single slot of old builds', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'slots-'));
    mkdirSync(path.join(root, 'coarse'));
    writeFileSync(path.join(root, 'coarse', '512d.bin'), 'old');
    const large = await indexCacheSlot(root, '/archive', 3);
    mkdirSync(path.join(large, 'coarse'));
    writeFileSync(path.join(large, 'coarse', '512d.bin'), Buffer.alloc(100_000));
    const small: string[] = [];
    for (let i = 0; i < 5; i++) {
      const slot = await indexCacheSlot(root, `/fixture-${i}`, 3);
      writeFileSync(path.join(slot, 'x.bin'), Buffer.alloc(10 + i));
      small.push(slot);
    }
    expect(existsSync(path.join(root, 'coarse'))).toBe(false);
    expect(existsSync(path.join(large, 'coarse', '512d.bin'))).toBe(true);
    // At most 3 slots: the large one, the one in use, and the larger of the rest.
    expect(readdirSync(root).sort()).toEqual([large, small[3]!, small[4]!].map((d) => path.basename(d)).sort());
  });
});
