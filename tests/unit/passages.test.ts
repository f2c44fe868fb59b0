import { describe, expect, it } from 'vitest';
import { segmentInterview, type InterviewFacts } from '../../src/lib/passages.ts';
import { autoAnchor, slugify } from '../../src/lib/anchors.ts';

const known = {
  people: new Set(['ann', 'bob', 'cat', 'reporter']),
  topics: new Set(['cities', 'rivers', 'trains']),
};
const qa: InterviewFacts = { slug: 'talk', file: 'talk.mdx', interviewers: ['ann'], interviewees: ['bob'], reporters: [], lineOffset: 5 };
const article: InterviewFacts = { slug: 'story', file: 'story.mdx', interviewers: ['ann'], interviewees: ['bob'], reporters: ['reporter'] };

describe('segmentInterview', () => {
  it('turns Q and A elements into passages with speakers, topics and the question each answer follows', () => {
    const body = `
<Q topics="cities">
Where did you grow up?
</Q>

<A topics="cities, rivers">
In a town by a river — “the” river, we called it.
</A>

<A>
Later I moved.
</A>
`;
    const { passages, problems } = segmentInterview(body, qa, known);
    expect(problems).toEqual([]);
    expect(passages.map((p) => [p.kind, p.speaker, p.topics])).toEqual([
      ['question', 'ann', ['cities']],
      ['answer', 'bob', ['cities', 'rivers']],
      ['answer', 'bob', []],
    ]);
    expect(passages[1]!.text).toBe('In a town by a river — “the” river, we called it.');
    expect(passages[1]!.quotes).toEqual(['bob']);
    expect(passages[1]!.question).toBe(passages[0]!.anchor);
    expect(passages[2]!.question).toBe(passages[0]!.anchor);
    expect(passages.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(passages[0]!.id).toBe(`talk#${passages[0]!.anchor}`);
  });

  it('keeps text verbatim: inner spacing, curly quotes and dashes; MDX escapes undone; wrapped lines joined', () => {
    const body = '<A>\n  Two  spaces, \\{braces\\} and \\<angle> — ’quotes’\n  wrapped here.\n</A>';
    const { passages, problems } = segmentInterview(body, qa, known);
    expect(problems).toEqual([]);
    expect(passages[0]!.text).toBe('Two  spaces, {braces} and <angle> — ’quotes’ wrapped here.');
  });

  it('attributes article paragraphs to the reporter and records whose words they quote', () => {
    const body = `<P quotes="bob" topics="trains" label="Trains">"I love them," said Bob.</P>\n<P>Bob was in town.</P>`;
    const { passages, problems } = segmentInterview(body, article, known);
    expect(problems).toEqual([]);
    expect(passages[0]).toMatchObject({ kind: 'report', speaker: 'reporter', quotes: ['bob'], label: 'Trains', anchor: 'trains' });
    expect(passages[1]).toMatchObject({ kind: 'report', speaker: 'reporter', quotes: [] });
  });

  it('skips MDX comments between passages', () => {
    const { passages, problems } = segmentInterview('{/* a note */}\n<A>Yes.</A>\n{/* another\n note */}', qa, known);
    expect(problems).toEqual([]);
    expect(passages).toHaveLength(1);
  });
});

describe('anchors', () => {
  it('derive from the first words, so they do not move when other passages are added', () => {
    const before = segmentInterview('<A>First answer here.</A>\n<A>Second answer here.</A>', qa, known).passages;
    const after = segmentInterview('<A>A new opening answer.</A>\n<A>First answer here.</A>\n<Q>An inserted question?</Q>\n<A>Second answer here.</A>', qa, known).passages;
    const anchorOf = (list: typeof before, text: string) => list.find((p) => p.text === text)!.anchor;
    for (const text of ['First answer here.', 'Second answer here.']) {
      expect(anchorOf(after, text)).toBe(anchorOf(before, text));
    }
  });

  it('are made unique when first words collide, without renaming the earlier passage', () => {
    const one = segmentInterview('<A>We did it in the end, yes.</A>', qa, known).passages;
    const two = segmentInterview('<A>We did it in the end, yes.</A>\n<A>We did it in the end, no.</A>\n<A>We did it in the end, no.</A>', qa, known).passages;
    expect(two[0]!.anchor).toBe(one[0]!.anchor);
    expect(new Set(two.map((p) => p.anchor)).size).toBe(3);
  });

  it('honour an explicit id', () => {
    const { passages } = segmentInterview('<A id="the-answer">Forty-two.</A>', qa, known);
    expect(passages[0]!.anchor).toBe('the-answer');
  });

  it('slugify ASCII-folds accents and drops apostrophes', () => {
    expect(slugify('Café’s “Crème” brûlée — ok?')).toBe('cafes-creme-brulee-ok');
    expect(autoAnchor('Several things. I underestimated how quickly it changed')).toBe('several-things-i-underestimated-how-quickly');
    expect(autoAnchor('“…”')).toMatch(/^p-[0-9a-f]{6}$/);
  });
});

describe('malformed bodies are reported with file, line, field and what was expected', () => {
  const problemsOf = (body: string, facts: InterviewFacts = qa) => segmentInterview(body, facts, known).problems;

  it('an empty body', () => {
    expect(problemsOf('\n\n')).toEqual([{ file: 'talk.mdx', field: 'body', expected: expect.stringContaining('at least one') }]);
  });

  it('a passage without a speaker', () => {
    const facts = { ...qa, interviewees: ['bob', 'cat'] };
    const [problem] = problemsOf('<A>Who said this?</A>', facts);
    expect(problem).toMatchObject({ file: 'talk.mdx', line: 6, field: 'by' });
    expect(problem!.expected).toContain('2 interviewees');
  });

  it('an unknown speaker, quoted person or topic', () => {
    const problems = problemsOf('<A by="zed" topics="cities, moons">Hi.</A>\n<P quotes="yan">Hey.</P>', article);
    expect(problems.map((p) => [p.field, p.line])).toEqual([['by', 1], ['topics', 1], ['quotes', 2]]);
    expect(problems[1]!.expected).toContain('"moons"');
  });

  it('a duplicate or malformed explicit anchor', () => {
    const problems = problemsOf('<A id="x">One.</A>\n<A id="x">Two.</A>\n<A id="Bad Id">Three.</A>');
    expect(problems.map((p) => [p.field, p.line])).toEqual([['id', 7], ['id', 8]]);
    expect(problems[0]!.expected).toContain('"x" twice');
  });

  it('text outside elements, unknown elements and unknown attributes', () => {
    expect(problemsOf('Loose text.')[0]).toMatchObject({ field: 'body', line: 6 });
    expect(problemsOf('<Answer>Hi</Answer>')[0]!.expected).toContain('found <Answer>');
    expect(problemsOf('<A speaker="bob">Hi</A>')[0]).toMatchObject({ field: 'speaker' });
  });

  it('unescaped MDX syntax, two paragraphs in one element, an empty or unclosed element', () => {
    expect(problemsOf('<A>Costs {a lot}.</A>')[0]!.expected).toContain('\\{');
    expect(problemsOf('<A>One.\n\nTwo.</A>')[0]!.expected).toContain('one paragraph per element');
    expect(problemsOf('<A></A>')[0]!.field).toBe('text');
    expect(problemsOf('<A />')[0]!.field).toBe('text');
    expect(problemsOf('<A>Never closed.')[0]!.expected).toContain('</A>');
  });
});
