/**
 * Conversations in the content model: speech (<S>), notes (<N>), times, and long elements split into
 * passages of a readable size at sentence ends, every character kept, with anchors of their own.
 */
import { describe, expect, it } from 'vitest';
import { groupTurns, PASSAGE_TARGET_WORDS, segmentInterview, splitText, type InterviewFacts } from '../../src/lib/passages.ts';
import { autoAnchor } from '../../src/lib/anchors.ts';

const known = { people: new Set(['ann', 'bob', 'cat']), topics: new Set(['cities']) };
const chat: InterviewFacts = { slug: 'chat', file: 'chat.mdx', interviewers: ['ann'], interviewees: ['bob', 'cat'], reporters: [], lineOffset: 4 };
const solo: InterviewFacts = { slug: 'solo', file: 'solo.mdx', interviewers: ['ann'], interviewees: [], reporters: [] };

/** A text of `n` sentences of `words` words each, every sentence distinct. */
function sentences(n: number, words = 10, opening = 'Sentence'): string {
  return Array.from({ length: n }, (_, i) => `${opening} ${i + 1} ${'word '.repeat(words - 3)}ends.`).join(' ');
}
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('speech and notes', () => {
  it('reads <S> as speech by its speaker and <N> as a note by nobody, with its time', () => {
    const body = `<S by="ann" time="00:00:05">Welcome to the show.</S>
<N time="0:07">[Music]</N>
<Q by="ann" time="1:02:03.250">Bob, why trains?</Q>
<A by="bob" time="01:02:09">Because they last.</A>
<S by="cat">I disagree, and here is why.</S>`;
    const { passages, problems } = segmentInterview(body, chat, known);
    expect(problems).toEqual([]);
    expect(passages.map((p) => [p.kind, p.speaker, p.quotes])).toEqual([
      ['speech', 'ann', ['ann']],
      ['note', '', []],
      ['question', 'ann', []],
      ['answer', 'bob', ['bob']],
      ['speech', 'cat', ['cat']],
    ]);
    expect(passages.map((p) => p.time)).toEqual([
      { seconds: 5, text: '0:05' },
      { seconds: 7, text: '0:07' },
      { seconds: 3723.25, text: '1:02:03' },
      { seconds: 3729, text: '1:02:09' },
      undefined,
    ]);
    expect(passages[3]!.question).toBe(passages[2]!.anchor);
    expect(passages[4]!.question).toBeUndefined();
  });

  it('needs no "by" on <S> when the interview has one person in all', () => {
    const { passages, problems } = segmentInterview('<S>Just me today.</S>', solo, known);
    expect(problems).toEqual([]);
    expect(passages[0]).toMatchObject({ kind: 'speech', speaker: 'ann' });
  });

  it('reports an <S> without a speaker among several people, and speakers or topics on a note', () => {
    const problems = segmentInterview('<S>Who is this?</S>\n<N by="ann" topics="cities">[Laughs]</N>', chat, known).problems;
    expect(problems.map((p) => [p.field, p.line])).toEqual([['by', 5], ['by', 6], ['topics', 6]]);
    expect(problems[0]!.expected).toContain('by="<person id>" on this <S>, since the interview has 3 interviewers and interviewees');
    expect(problems[1]!.expected).toBe('no "by" on <N>: a note is nobody\'s words, found "ann"');
  });

  it('reports a malformed time as one line naming the attribute and the format', () => {
    for (const bad of ['12', '1:2', '75:00', '00:60:00', '1:02:03,5', 'noon', '']) {
      const problems = segmentInterview(`<A by="bob" time="${bad}">Hi.</A>`, chat, known).problems;
      expect(problems, bad).toEqual([
        { file: 'chat.mdx', line: 5, field: 'time', expected: `a time such as "00:12:34" (HH:MM:SS, H:MM:SS or MM:SS, optional .mmm), found "${bad}"` },
      ]);
    }
  });
});

describe('long elements', () => {
  it('stay one passage up to the target length', () => {
    const text = sentences(PASSAGE_TARGET_WORDS / 10);
    expect(wordCount(text)).toBe(PASSAGE_TARGET_WORDS);
    expect(splitText(text)).toEqual([{ start: 0, end: text.length }]);
  });

  it('split at sentence ends into even parts that together hold every character', () => {
    const text = `${sentences(31)}  “Quoted?” she asked!\u00a0Yes — really. ${sentences(14)}`;
    const ranges = splitText(text);
    expect(ranges.length).toBe(Math.ceil(wordCount(text) / PASSAGE_TARGET_WORDS));
    let rebuilt = '';
    let at = 0;
    for (const { start, end } of ranges) {
      expect(text.slice(at, start)).toMatch(/^\s*$/);
      rebuilt += text.slice(at, end);
      at = end;
      const part = text.slice(start, end);
      expect(part).toMatch(/^\S/);
      expect(part).toMatch(/[.!?]$/);
    }
    expect(rebuilt).toBe(text);
    const sizes = ranges.map((r) => wordCount(text.slice(r.start, r.end)));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(10);
  });

  it('never cut inside a sentence: an overlong sentence stays whole, an abbreviation is no sentence end', () => {
    const long = `${'on and '.repeat(200)}on.`;
    const text = `Short one. ${long} Short two.`;
    const parts = splitText(text).map((r) => text.slice(r.start, r.end));
    expect(parts.some((p) => p.includes(long))).toBe(true);
    const abbreviated = Array.from({ length: 40 }, (_, i) => `Then Mr. Smith met Dr. Jones at ${i} p.m. and J. Doe too.`).join(' ');
    for (const { start, end } of splitText(abbreviated)) {
      expect(abbreviated.slice(start, end)).toMatch(/^Then Mr\. Smith/);
    }
  });

  it('become consecutive passages of one speaker and kind, each anchored by its own first words', () => {
    const answer = sentences(40);
    const body = `<Q by="ann">Tell me everything?</Q>\n<A by="bob" id="everything" time="10:00" topics="cities">${answer}</A>\n<S by="cat">${sentences(20)}</S>`;
    const { passages, problems } = segmentInterview(body, chat, known);
    expect(problems).toEqual([]);
    const parts = passages.filter((p) => p.kind === 'answer');
    expect(parts.length).toBe(3);
    expect(parts.map((p) => p.text).join(' ')).toBe(answer);
    for (const p of parts) expect(p).toMatchObject({ speaker: 'bob', topics: ['cities'], question: passages[0]!.anchor, turn: 'everything', line: 6 });
    expect(parts[0]!.anchor).toBe('everything');
    expect(parts[0]!.time).toEqual({ seconds: 600, text: '10:00' });
    expect(parts.slice(1).map((p) => p.anchor)).toEqual(parts.slice(1).map((p) => autoAnchor(p.text)));
    expect(parts.slice(1).every((p) => p.time === undefined)).toBe(true);
    expect(passages.map((p) => p.index)).toEqual(passages.map((_, i) => i));
    const speech = passages.filter((p) => p.kind === 'speech');
    expect(speech.length).toBe(2);
    expect(speech.every((p) => p.turn === speech[0]!.anchor)).toBe(true);
  });

  it('keep their anchors when other passages are added or moved', () => {
    const long = `<A by="bob">${sentences(40)}</A>`;
    const before = segmentInterview(long, chat, known).passages.map((p) => p.anchor);
    const after = segmentInterview(`<S by="ann">Hello first.</S>\n<A by="cat">${sentences(30, 10, 'Other')}</A>\n${long}`, chat, known).passages;
    expect(after.filter((p) => p.speaker === 'bob').map((p) => p.anchor)).toEqual(before);
  });

  it('group back into their turns, in order, for a page to show each turn as one block', () => {
    const body = `<Q by="ann">Why?</Q>\n<A by="bob">${sentences(40)}</A>\n<A by="bob">Short, and its own turn.</A>`;
    const { passages } = segmentInterview(body, chat, known);
    expect(groupTurns(passages).map((turn) => turn.map((p) => p.index))).toEqual([[0], [1, 2, 3], [4]]);
  });
});
