import { describe, expect, it } from 'vitest';
import { capQuestion, MAX_QUESTION_LENGTH, unreadableQuestion, unreadableSentence } from '../../src/lib/ask/question.ts';
import { DEFAULT_MODEL, resolveModelConfig } from '../../src/lib/model-config.ts';

const english = DEFAULT_MODEL.languages;

describe('questions the archive cannot answer, whatever it holds', () => {
  it('declines markup and punctuation with no words in them', () => {
    for (const noise of ['"><img src=x onerror=alert(1)>', '<script></script>', '?!…', '&lt;&gt; ""', '<b></b> ?']) {
      expect(unreadableQuestion(noise, english), noise).toEqual({ reason: 'no-words' });
    }
    expect(unreadableQuestion('<b>open source</b>?', english)).toBeUndefined();
  });

  it('declines a question in a script the model does not read, naming the languages it reads', () => {
    for (const question of ['开源模型是什么？', 'لماذا لم تطلق OpenAI نماذج مفتوحة؟', 'Почему OpenAI не выпускает открытые модели?', 'Γιατί δεν υπάρχουν ανοιχτά μοντέλα;']) {
      expect(unreadableQuestion(question, english), question).toEqual({ reason: 'language', languages: ['en'] });
    }
    expect(unreadableSentence({ reason: 'language', languages: ['en'] })).toBe('The archive answers questions asked in English.');
    expect(unreadableSentence({ reason: 'language', languages: ['en', 'fr', 'de'] })).toBe('The archive answers questions asked in English, French or German.');
  });

  it('reads English with a foreign name in it, and any script for a model that declares no languages', () => {
    expect(unreadableQuestion('What did Altman say about 开源?', english)).toBeUndefined();
    expect(unreadableQuestion('开源模型是什么？', undefined)).toBeUndefined();
    expect(unreadableQuestion('开源模型是什么？', resolveModelConfig({ id: 'Xenova/multilingual-e5-small' }).languages)).toBeUndefined();
    expect(unreadableQuestion('开源模型是什么？', ['zh'])).toBeUndefined();
  });

  it('takes the languages a configured model reads, refusing what is not a language code', () => {
    expect(resolveModelConfig().languages).toEqual(['en']);
    expect(resolveModelConfig({ id: 'a/b', languages: ['en', 'fr'] }).languages).toEqual(['en', 'fr']);
    expect(() => resolveModelConfig({ id: 'a/b', languages: 'en' })).toThrow(/model\.languages: expected ISO 639-1 codes/);
  });
});

describe('the question length cap', () => {
  it('cuts at the box’s maxlength, never inside a surrogate pair', () => {
    expect(capQuestion('a'.repeat(2000))).toHaveLength(MAX_QUESTION_LENGTH);
    const emoji = `${'a'.repeat(MAX_QUESTION_LENGTH - 1)}🚀tail`;
    expect(capQuestion(emoji)).toBe('a'.repeat(MAX_QUESTION_LENGTH - 1));
    expect(capQuestion('short')).toBe('short');
  });
});
