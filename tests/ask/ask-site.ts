/** The real built site's passages, indexed with the real model into a temporary folder. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EvalQuestion } from '../../src/lib/ask/evaluate.ts';
import { parseEvalQuestions } from '../../src/lib/ask/evaluate.ts';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';
import { buildAskIndex, type BuildAskIndexResult } from '../../src/build/ask-index.ts';
import { builtSite, ROOT } from '../helpers/site.ts';

/** The passages the real site published (the global setup built it). */
export function sitePassages(): PassageRecord[] {
  return (JSON.parse(readFileSync(path.join(builtSite().dir, 'passages.json'), 'utf8')) as { passages: PassageRecord[] }).passages;
}

/** Builds the answer index of the real site into a fresh folder with a fresh embedding cache. */
export async function buildAskSite(passages = sitePassages()): Promise<{ outDir: string; cacheDir: string; result: BuildAskIndexResult }> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'verbatim-ask-'));
  const cacheDir = path.join(outDir, '.cache');
  const result = await buildAskIndex({ passages, outDir, model: DEFAULT_MODEL, cacheDir });
  return { outDir, cacheDir, result };
}

/** A question set from the repository. */
export function questionSet(relative: string): EvalQuestion[] {
  const file = path.join(ROOT, relative);
  return parseEvalQuestions(JSON.parse(readFileSync(file, 'utf8')), file);
}
