import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAskIndex } from '../../src/build/ask-index.ts';
import { EMBEDDING_CHUNK } from '../../src/build/embedding-cache.ts';
import { OFF_TOPIC_QUESTIONS } from '../../src/build/off-topic-questions.ts';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';
import { sitePassages } from './ask-site.ts';

/** Many distinct passages without questions, made from the real site's, each numbered. */
function manyPassages(count: number): PassageRecord[] {
  const site = sitePassages().filter((p) => p.kind !== 'question');
  return Array.from({ length: count }, (_, i) => {
    const a = site[i % site.length]!;
    const { question: _question, turn: _turn, ...rest } = a;
    return { ...rest, id: `${a.id}-${i}`, anchor: `${a.anchor}-${i}`, url: `${a.url}-${i}`, kind: 'report', text: `${a.text} (${i})` };
  });
}

/** Runs the child build and kills it (SIGKILL, as a machine that stops) once it reports `after` passages embedded. */
function buildAndKill(file: string, outDir: string, cacheDir: string, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'index-child.ts'), file, outDir, cacheDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let reported = 0;
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/embedded (\d+) of/g)) reported = Math.max(reported, Number(match[1]));
      if (reported >= after) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(reported) : reject(new Error(`the build ended by itself (${code}) before it was stopped:\n${errors}`))));
  });
}

describe('an interrupted answer index build', () => {
  it('resumes where it was killed: only the passages not yet written to the cache are embedded again', async () => {
    const total = 4 * EMBEDDING_CHUNK;
    const passages = manyPassages(total);
    const dir = mkdtempSync(path.join(tmpdir(), 'verbatim-resume-'));
    const file = path.join(dir, 'passages.json');
    writeFileSync(file, JSON.stringify(passages));
    const cacheDir = path.join(dir, 'cache');

    const reported = await buildAndKill(file, dir, cacheDir, EMBEDDING_CHUNK);
    expect(reported).toBeGreaterThanOrEqual(EMBEDDING_CHUNK);
    // A kill in the middle of a write leaves a torn record; the next build cuts it off.
    const [cacheFile] = readdirSync(cacheDir);
    appendFileSync(path.join(cacheDir, cacheFile!), Buffer.alloc(100, 7));

    const lines: number[] = [];
    const resumed = await buildAskIndex({ passages, outDir: dir, model: DEFAULT_MODEL, cacheDir, onProgress: ({ embedded }) => lines.push(embedded) });
    expect(resumed.cached).toBeGreaterThanOrEqual(reported);
    expect(resumed.cached).toBeLessThan(total);
    expect(resumed.embedded).toBe(total - resumed.cached + OFF_TOPIC_QUESTIONS.length);
    expect(lines[0]).toBe(0);
    expect(lines.at(-1)).toBe(total - resumed.cached);
    expect(resumed.manifest.passages.count).toBe(total);

    const record = 36 + 4 * resumed.manifest.model.dims;
    expect(statSync(path.join(cacheDir, cacheFile!)).size).toBe((total + OFF_TOPIC_QUESTIONS.length) * record);
    const again = await buildAskIndex({ passages, outDir: dir, model: DEFAULT_MODEL, cacheDir });
    expect(again.embedded).toBe(0);
    expect(again.manifest.passages.files).toEqual(resumed.manifest.passages.files);
  }, 300_000);
});
