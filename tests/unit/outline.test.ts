/**
 * The "on this page" outline: by question for an interview, by time for a recorded conversation,
 * by lead-in label for an article; labels are the speakers' exact opening words.
 */
import { describe, expect, it } from 'vitest';
import { fromSentenceStart, openingWords, OUTLINE_MAX_TIME_ENTRIES, pageOutline } from '../../src/lib/outline.ts';
import { segmentInterview, type InterviewFacts } from '../../src/lib/passages.ts';

const known = { people: new Set(['ann', 'bob']), topics: new Set<string>() };
const facts: InterviewFacts = { slug: 'x', file: 'x.mdx', interviewers: ['ann'], interviewees: ['bob'], reporters: [] };
const passagesOf = (body: string) => {
  const { passages, problems } = segmentInterview(body, facts, known);
  expect(problems).toEqual([]);
  return passages;
};
const clock = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

describe('the outline of an interview page', () => {
  it('lists each question of a Q&A interview, linking to it', () => {
    const body = [1, 2, 3].map((i) => `<Q>Question number ${i}, which goes on for quite a few more words than a sidebar line holds?</Q>\n<A>Answer ${i}.</A>`).join('\n');
    const passages = passagesOf(body);
    const outline = pageOutline('qa', passages);
    expect(outline.map((e) => e.anchor)).toEqual(passages.filter((p) => p.kind === 'question').map((p) => p.anchor));
    expect(outline[0]).toEqual({ anchor: passages[0]!.anchor, text: 'Question number 1, which goes on for quite a few…' });
  });

  it('is empty when it would have fewer than three entries', () => {
    expect(pageOutline('qa', passagesOf('<Q>One?</Q>\n<A>Yes.</A>\n<Q>Two?</Q>\n<A>No.</A>'))).toEqual([]);
  });

  it('outlines a conversation by time, one entry per interval, the interval growing with the length', () => {
    // Three hours, a turn a minute: 5-minute entries would be 36, too many; 10-minute ones are 18.
    const body = Array.from({ length: 180 }, (_, i) => `<S by="${i % 2 ? 'bob' : 'ann'}" time="${clock(i * 60)}">Turn ${i} starts here. It goes on.</S>`).join('\n');
    const passages = passagesOf(body);
    const outline = pageOutline('conversation', passages);
    expect(outline.length).toBeLessThanOrEqual(OUTLINE_MAX_TIME_ENTRIES);
    expect(outline.map((e) => e.anchor)).toEqual(passages.filter((_, i) => i % 10 === 0).map((p) => p.anchor));
    expect(outline.map((e) => e.time)).toEqual(passages.filter((_, i) => i % 10 === 0).map((p) => p.time!.text));
    expect(outline[1]).toMatchObject({ speaker: 'ann', text: 'Turn 10 starts here. It goes on.' });
  });

  it('starts a transcript entry at its first full sentence, in the speaker\u2019s exact words', () => {
    expect(fromSentenceStart('at a time. Welcome to The Seen and The Unseen.')).toBe('Welcome to The Seen and The Unseen.');
    expect(fromSentenceStart('So what is it?')).toBe('So what is it?');
    expect(fromSentenceStart('no sentence ends here')).toBe('no sentence ends here');
    expect(openingWords('One two,  three four', 2)).toBe('One two…');
    expect(openingWords('One two', 5)).toBe('One two');
  });
});
