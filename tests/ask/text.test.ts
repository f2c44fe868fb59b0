import { describe, expect, it } from 'vitest';
import { stem } from '../../src/lib/ask/stem.ts';
import { normalizeText, terms, words } from '../../src/lib/ask/text.ts';

describe('normalizeText', () => {
  it('folds case, curly quotes, dashes and runs of space', () => {
    expect(normalizeText('  Don’t  “Panic” — OK\u00a0now ')).toBe('don\'t "panic" - ok now');
  });
});

describe('words', () => {
  it('drops possessives and apostrophes, splits hyphenated words, keeps versions glued', () => {
    expect(words("OpenAI's capped-profit GPT-4 and Llama 4 don't U.S.")).toEqual(['openai', 'capped', 'profit', 'gpt4', 'and', 'llama', '4', 'dont', 'us']);
  });
});

describe('stem (Porter)', () => {
  it('matches the reference outputs of the Porter algorithm', () => {
    const cases: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', cats: 'cat', agreed: 'agre', plastered: 'plaster', motoring: 'motor',
      hopping: 'hop', falling: 'fall', filing: 'file', happy: 'happi', relational: 'relat', conditional: 'condit',
      digitizer: 'digit', hopefulness: 'hope', electrical: 'electr', adjustment: 'adjust', adoption: 'adopt',
      effective: 'effect', controll: 'control', roll: 'roll',
    };
    for (const [word, expected] of Object.entries(cases)) expect(stem(word), word).toBe(expected);
  });

  it('leaves short words and tokens with digits alone', () => {
    expect(stem('ai')).toBe('ai');
    expect(stem('gpt4')).toBe('gpt4');
  });
});

describe('terms', () => {
  it('removes stopwords and contractions, stems, and regularises irregular verbs', () => {
    expect(terms("Why hasn't OpenAI released open models?")).toEqual(['openai', 'releas', 'open', 'model']);
    expect(terms('What did he say?')).toEqual(terms('he said'));
    expect(terms('releasing releases')).toEqual(['releas', 'releas']);
  });

  it('gives words that name an object\'s inherited properties as words (the full real archive says "constructor")', () => {
    const out = terms('The constructor of toString and valueOf, hasOwnProperty, __proto__ and prototype');
    expect(out.every((term) => typeof term === 'string')).toBe(true);
    expect(out).toEqual(['constructor', 'tostr', 'valueof', 'hasownproperti', 'proto', 'prototyp']);
  });
});
