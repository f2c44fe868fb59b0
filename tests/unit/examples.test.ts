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

  it('leaves out what only makes sense in the conversation: fragments, talk carried on, the speaker asking about themselves, pointing back, tags', () => {
    const passages = [
      passage('one', 'question', 'Okay. gaya?'),
      passage('one', 'question', 'Really?'),
      passage('one', 'question', 'But is that a feeling in many other doctors?'),
      passage('one', 'question', 'Can I answer this for Roshan?'),
      passage('one', 'question', 'Should we move on to the next point?'),
      passage('one', 'question', 'What does that mean?'),
      passage('one', 'question', 'Was it captured on camera?'),
      passage('one', 'question', 'Ramachandra Guha is a historian, right?'),
      passage('one', 'question', 'Why did the planning commission fail?'),
    ];
    expect(exampleQuestions(passages, [], 3)).toEqual(['Why did the planning commission fail?']);
  });

  it('asks about topics where the archive has too few questions (an archive of articles)', () => {
    expect(exampleQuestions([passage('a', 'report', 'He said so.')], ['Competition', 'Open source'], 2)).toEqual([
      'What was said about Competition?',
      'What was said about Open source?',
    ]);
  });
});
