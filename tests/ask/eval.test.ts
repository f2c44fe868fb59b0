import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../src/lib/ask/evaluate.ts';
import { evaluateSite } from '../../scripts/ask/eval.ts';
import { openSite, type SiteAsker } from '../../scripts/ask/site-index.ts';
import { buildAskSite, questionSet } from './ask-site.ts';

// The quality bar of issue 4, with the embedded default model over the real archive.
describe('answer quality with the real model and archive', () => {
  let site: SiteAsker;
  let shared: EvalReport;
  let own: EvalReport;
  let holdout: EvalReport;

  beforeAll(async () => {
    const { outDir } = await buildAskSite();
    site = await openSite(outDir);
    shared = await evaluateSite(site, questionSet('tests/fixtures/eval/questions.json'));
    own = await evaluateSite(site, questionSet('tests/ask/questions.json'));
    holdout = await evaluateSite(site, questionSet('tests/ask/questions-holdout.json'));
  });
  afterAll(() => site?.dispose());

  it('meets the bar on the shared eval questions: R@3 >= 0.9, R@1 >= 0.75, every unanswerable declined', () => {
    expect(shared.recallAt3, JSON.stringify(shared)).toBeGreaterThanOrEqual(0.9);
    expect(shared.recallAt1, JSON.stringify(shared)).toBeGreaterThanOrEqual(0.75);
    expect(shared.declined).toBe(shared.unanswerable);
  });

  it('holds a reasonable bar on the harder reader-style questions of tests/ask/questions.json', () => {
    expect(own.answerable).toBeGreaterThanOrEqual(40);
    expect(own.unanswerable).toBeGreaterThanOrEqual(8);
    expect(own.recallAt3, JSON.stringify(own)).toBeGreaterThanOrEqual(0.75);
    expect(own.recallAt1, JSON.stringify(own)).toBeGreaterThanOrEqual(0.5);
    expect(own.declined, JSON.stringify(own)).toBeGreaterThanOrEqual(7);
  });

  it('holds a bar on the held-out questions of tests/ask/questions-holdout.json, written before the last round of tuning', () => {
    expect(holdout.answerable).toBeGreaterThanOrEqual(12);
    expect(holdout.recallAt3, JSON.stringify(holdout)).toBeGreaterThanOrEqual(0.7);
    expect(holdout.recallAt1, JSON.stringify(holdout)).toBeGreaterThanOrEqual(0.55);
    expect(holdout.declined, JSON.stringify(holdout)).toBeGreaterThanOrEqual(2);
  });

  it('marks a sentence inside each answer, as offsets into the unaltered text', async () => {
    const [first] = await site.answer(["Why hasn't OpenAI shipped open source models?"]);
    const { result, passages } = first!;
    for (const answer of result.answers) {
      const text = passages.get(answer.passage)!.text;
      expect(answer.sentence.start).toBeGreaterThanOrEqual(0);
      expect(answer.sentence.end).toBeLessThanOrEqual(text.length);
      expect(answer.sentence.end).toBeGreaterThan(answer.sentence.start);
    }
  });
});
