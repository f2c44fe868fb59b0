import { cpSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A copy of a built site whose `ask/` folder is a real copy, to damage, and everything else a link
 * to the original (the model and runtime are megabytes): the original stays intact for other tests.
 */
export function copySite(dir: string, damage: (askDir: string) => void): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'verbatim-damaged-'));
  for (const entry of readdirSync(dir)) {
    if (entry === 'ask') cpSync(path.join(dir, entry), path.join(copy, entry), { recursive: true });
    else symlinkSync(path.join(dir, entry), path.join(copy, entry));
  }
  damage(path.join(copy, 'ask'));
  return copy;
}
