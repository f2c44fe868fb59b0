import { describe, expect, it } from 'vitest';
import { exampleQuestions } from '../../src/lib/examples.ts';
import type { Passage } from '../../src/lib/passages.ts';

const passage = (interview: string, kind: Passage['kind'], text: string): Passage =>
  ({ id: `${interview}#${text}`, interview, anchor: 'a', index: 0, kind, speaker: 's', quotes: [], topics: [], turn: 'a', text, line: 1 });

describe('exampleQuestions', () => {
  it('takes short questions from the archive in turn across interviews, their last sentence, never one put to "you"', () => {
    const passages = [
      passage('one', 'question', 'It has been a long year. What changed in the market?'),
      passage('one', 'question', 'What did you get wrong?'),
      passage('one', 'question', 'Where will the company be in ten years?'),
      passage('one', 'answer', 'Why would anyone ask this?'),
      passage('two', 'question', 'Is open source a threat to the business model of the largest labs?'),
      passage('two', 'question', 'Who pays for compute?'),
    ];
    expect(exampleQuestions(passages, ['Competition'])).toEqual(['What changed in the market?', 'Who pays for compute?', 'Where will the company be in ten years?']);
  });

  it('asks about topics where the archive has too few questions (an archive of articles)', () => {
    expect(exampleQuestions([passage('a', 'report', 'He said so.')], ['Competition', 'Open source'], 2)).toEqual([
      'What was said about Competition?',
      'What was said about Open source?',
    ]);
  });
});
