import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, parseEvalQuestions } from '../../src/lib/ask/evaluate.ts';

// The shape of the seen-unseen evaluation set (tests/fixtures/eval/README-seen-unseen.md). Whether
// each phrase is in its episode is checked against the real archive by scripts/eval/check-corpus-set.ts,
// which needs ../shared and so is not a test.
type Entry = {
  q: string;
  expect: string | null;
  interview?: string;
  speaker?: 'host' | 'guest';
  namesGuest?: boolean;
  continues?: string;
  absent?: string[];
};

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'eval');
const read = (name: string): Entry[] => {
  const file = path.join(DIR, name);
  const json = JSON.parse(readFileSync(file, 'utf8')) as Entry[];
  parseEvalQuestions(json, name);
  return json;
};
const tuning = read('seen-unseen.json');
const holdout = read('seen-unseen-holdout.json');
const all = [...tuning, ...holdout];
const answerable = all.filter((e) => e.expect !== null);
const unanswerable = all.filter((e) => e.expect === null);

/** The documented split: held aside when the first 32 bits of the question's SHA-256 are divisible by 3. */
const heldAside = (q: string) => Number.parseInt(createHash('sha256').update(q).digest('hex').slice(0, 8), 16) % 3 === 0;
const words = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').split(/\s+/).filter(Boolean);

describe('the seen-unseen evaluation set', () => {
  it('has at least 120 answerable questions over at least 30 episodes and 25 unanswerable ones', () => {
    expect(answerable.length).toBeGreaterThanOrEqual(120);
    expect(new Set(answerable.map((e) => e.interview)).size).toBeGreaterThanOrEqual(30);
    expect(unanswerable.length).toBeGreaterThanOrEqual(25);
  });

  it('includes host views, questions naming a guest and answers that run over two passages', () => {
    expect(answerable.filter((e) => e.speaker === 'host').length).toBeGreaterThanOrEqual(20);
    expect(answerable.filter((e) => e.namesGuest).length).toBeGreaterThanOrEqual(20);
    expect(answerable.filter((e) => e.continues).length).toBeGreaterThanOrEqual(10);
    for (const e of answerable) expect(['host', 'guest'], e.q).toContain(e.speaker);
  });

  it('spreads over early and late episodes', () => {
    const numbers = answerable.map((e) => Number(/^e(\d+)$/.exec(e.interview ?? '')?.[1]));
    expect(numbers.every(Number.isInteger)).toBe(true);
    expect(numbers.filter((n) => n <= 100).length).toBeGreaterThanOrEqual(30);
    expect(numbers.filter((n) => n > 200).length).toBeGreaterThanOrEqual(30);
  });

  it('asks every question once', () => {
    const folded = all.map((e) => e.q.trim().toLowerCase());
    expect(new Set(folded).size).toBe(folded.length);
  });

  it('gives every answerable question a short phrase, its episode, and no four words of the phrase in a row', () => {
    for (const e of answerable) {
      const phrase = words(e.expect!);
      expect(phrase.length, e.expect!).toBeGreaterThanOrEqual(3);
      expect(phrase.length, e.expect!).toBeLessThanOrEqual(9);
      const question = ` ${words(e.q).join(' ')} `;
      for (let i = 0; i + 4 <= phrase.length; i++) expect(question, e.expect!).not.toContain(` ${phrase.slice(i, i + 4).join(' ')} `);
    }
  });

  it('gives every unanswerable question the terms that show the archive does not answer it, and no episode', () => {
    for (const e of unanswerable) {
      expect(e.absent?.length, e.q).toBeGreaterThan(0);
      expect(e.interview, e.q).toBeUndefined();
    }
  });

  it('holds aside about a third, chosen by the hash of the question text', () => {
    for (const e of tuning) expect(heldAside(e.q), e.q).toBe(false);
    for (const e of holdout) expect(heldAside(e.q), e.q).toBe(true);
    const share = holdout.length / all.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.42);
    expect(holdout.filter((e) => e.expect === null).length).toBeGreaterThanOrEqual(5);
  });
});

describe('a question that names its interview', () => {
  const questions = parseEvalQuestions([{ q: 'What is a zombie company?', expect: 'kept alive', interview: 'e118' }], 'inline');

  it('counts a hit only in a passage of that interview', () => {
    const elsewhere = evaluate(questions, [{ abstained: false, texts: ['a firm kept alive by banks'], interviews: ['e91'] }]);
    expect(elsewhere.recallAt3).toBe(0);
    expect(elsewhere.missed).toEqual(['What is a zombie company?']);
    const there = evaluate(questions, [{ abstained: false, texts: ['a firm kept alive by banks', 'a firm kept alive'], interviews: ['e91', 'e118'] }]);
    expect(there.recallAt1).toBe(0);
    expect(there.recallAt3).toBe(1);
    expect(there.mrr).toBe(0.5);
  });

  it('refuses an interview that is not a slug, naming the entry', () => {
    expect(() => parseEvalQuestions([{ q: 'x', expect: 'y', interview: 3 }], 'set.json')).toThrow('set.json[0]  interview: expected an interview slug, found 3');
  });
});
