import { describe, expect, it } from 'vitest';
import { resolveSpeaker, segmentInterview, type InterviewFacts } from '../../src/lib/passages.ts';
import type { RawTurn, TurnTag } from '../../src/lib/mdx-turns.ts';

const known = { people: new Set(['ann', 'bob', 'cat', 'rita', 'sam']), topics: new Set<string>() };
const facts: InterviewFacts = { slug: 'talk', file: 'talk.mdx', interviewers: ['ann'], interviewees: ['sam', 'bob'], reporters: ['rita'] };
const segment = (body: string, over: Partial<InterviewFacts> = {}) => segmentInterview(body, { ...facts, ...over }, known);

describe('by names one of the element’s possible speakers', () => {
  it('accepts an interviewer on a question, an interviewee on an answer, a reporter on a paragraph', () => {
    const { passages, problems } = segment('<Q by="ann">Why?</Q>\n<A by="bob">Because.</A>\n<P by="rita" quotes="sam">Sam agreed.</P>');
    expect(problems).toEqual([]);
    expect(passages.map((p) => p.speaker)).toEqual(['ann', 'bob', 'rita']);
  });

  it('refuses a person who exists but is not on the element’s list, naming the line and who may speak', () => {
    const { problems } = segment('<Q by="ann">Why?</Q>\n<A by="ann">I answer my own question.</A>\n<Q by="sam">Me?</Q>\n<P by="ann">Reported.</P>\n<A by="cat">Not here.</A>');
    expect(problems).toEqual([
      { file: 'talk.mdx', line: 2, field: 'by', expected: 'one of the interviewees (sam, bob), found "ann"' },
      { file: 'talk.mdx', line: 3, field: 'by', expected: 'one of the interviewers (ann), found "sam"' },
      { file: 'talk.mdx', line: 4, field: 'by', expected: 'one of the reporters (rita), found "ann"' },
      { file: 'talk.mdx', line: 5, field: 'by', expected: 'one of the interviewees (sam, bob), found "cat"' },
    ]);
  });

  it('says so when the element’s list is empty', () => {
    const { problems } = segment('<P by="ann">Reported.</P>', { reporters: [] });
    expect(problems).toEqual([
      { file: 'talk.mdx', line: 1, field: 'by', expected: 'a person listed in the frontmatter\'s "reporters", which is empty, found "ann"' },
    ]);
  });
});

describe('speech and notes in a conversation', () => {
  const turn = (tag: string, by?: string): RawTurn => ({ tag: tag as TurnTag, attributes: by === undefined ? {} : { by }, text: 'Words.', line: 9 });
  const resolve = (tag: string, by?: string, over: Partial<InterviewFacts> = {}) => {
    const problems: string[] = [];
    const speaker = resolveSpeaker(turn(tag, by), { ...facts, ...over }, (line, field, expected) => problems.push(`${line}  ${field}: ${expected}`));
    return { speaker, problems };
  };

  it('<S> is said by an interviewer or an interviewee, never by a reporter', () => {
    expect(resolve('S', 'ann')).toEqual({ speaker: 'ann', problems: [] });
    expect(resolve('S', 'bob')).toEqual({ speaker: 'bob', problems: [] });
    expect(resolve('S', 'rita')).toEqual({ speaker: undefined, problems: ['9  by: one of the interviewers or interviewees (ann, sam, bob), found "rita"'] });
  });

  it('<S> needs by unless the interview has one person in both lists together', () => {
    expect(resolve('S', undefined, { interviewees: ['ann'] })).toEqual({ speaker: 'ann', problems: [] });
    expect(resolve('S').problems).toEqual(['9  by: a speaker: by="<person id>" on this <S>, since the interview has 3 interviewers and interviewees']);
  });

  it('<N> is nobody’s words: no speaker, and a by is an error', () => {
    expect(resolve('N')).toEqual({ speaker: undefined, problems: [] });
    expect(resolve('N', 'ann').problems).toEqual(['9  by: no "by" on <N>: a note is nobody\'s words, found "ann"']);
  });
});
