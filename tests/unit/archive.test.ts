import { describe, expect, it } from 'vitest';
import { buildArchive, groupByInterview, passagesByEveryPerson, passagesByPerson, passagesOnEveryTopic, passagesOnTopic, relatedTopics, topicCounts, type InterviewMeta } from '../../src/lib/archive.ts';
import { ContentError } from '../../src/lib/content-error.ts';
import { passageRecords } from '../../src/lib/passage-record.ts';

const people = [
  { id: 'ann', name: 'Ann', role: 'Host', organisation: 'Radio' },
  { id: 'bob', name: 'Bob', role: 'Engineer', organisation: 'Rail' },
  { id: 'rep', name: 'Rita', role: 'Reporter', organisation: 'Paper' },
];
const topics = ['trains', 'cities', 'rivers'].map((id) => ({ id, title: id.toUpperCase(), description: `About ${id}.` }));
const meta = (over: Partial<InterviewMeta>): InterviewMeta => ({
  title: 'T', publication: 'P', published: 'undated', format: 'qa', interviewers: ['ann'], interviewees: ['bob'], reporters: [], summary: 'S', ...over,
});

const old = { file: 'old.mdx', name: 'old', meta: meta({ title: 'Old', published: new Date('2020-01-01') }), body: '<Q>Trains?</Q>\n<A topics="trains, cities">Trains in cities.</A>' };
const recent = { file: 'new.mdx', name: 'new', meta: meta({ title: 'New', published: new Date('2024-05-01') }), body: '<A topics="trains">More trains.</A>\n<A topics="rivers">Rivers.</A>' };
const undated = { file: 'u.mdx', name: 'u', meta: meta({ title: 'Undated', format: 'article', reporters: ['rep'] }), body: '<P quotes="bob" topics="trains, rivers">Bob said trains cross rivers.</P>' };

describe('buildArchive', () => {
  const archive = buildArchive({ interviews: [old, undated, recent], people, topics });

  it('orders interviews newest first, undated last', () => {
    expect(archive.interviews.map((i) => i.slug)).toEqual(['new', 'old', 'u']);
  });

  it('groups a topic’s passages by interview, newest first, with exactly the tagged passages', () => {
    const groups = passagesOnTopic(archive, 'trains');
    expect(groups.map((g) => [g.interview.slug, g.passages.map((p) => p.text)])).toEqual([
      ['new', ['More trains.']],
      ['old', ['Trains in cities.']],
      ['u', ['Bob said trains cross rivers.']],
    ]);
    expect(passagesOnTopic(archive, 'cities').flatMap((g) => g.passages)).toHaveLength(1);
  });

  it('groups every person’s and every topic’s passages in one pass, as they are grouped for one', () => {
    const everyPerson = passagesByEveryPerson(archive);
    for (const { id } of people) expect(everyPerson.get(id) ?? [], id).toEqual(passagesByPerson(archive, id));
    const everyTopic = passagesOnEveryTopic(archive);
    for (const { id } of topics) {
      expect(everyTopic.get(id) ?? [], id).toEqual(groupByInterview(archive, (p) => p.topics.includes(id)));
      expect(passagesOnTopic(archive, id), id).toEqual(everyTopic.get(id) ?? []);
    }
    expect(everyPerson.get('bob')!.map((g) => g.interview.slug)).toEqual(['new', 'old', 'u']);
  });

  it('finds related topics by shared passages, most shared first', () => {
    expect(relatedTopics(archive, 'trains').map((r) => [r.topic.id, r.shared])).toEqual([['cities', 1], ['rivers', 1]]);
    expect(relatedTopics(archive, 'rivers').map((r) => r.topic.id)).toEqual(['trains']);
  });

  it('gathers what a person said, asked or was quoted saying', () => {
    expect(passagesByPerson(archive, 'bob').flatMap((g) => g.passages).map((p) => p.text)).toEqual([
      'More trains.', 'Rivers.', 'Trains in cities.', 'Bob said trains cross rivers.',
    ]);
    expect(passagesByPerson(archive, 'ann').flatMap((g) => g.passages).map((p) => p.kind)).toEqual(['question']);
    expect(passagesByPerson(archive, 'rep').flatMap((g) => g.passages)).toHaveLength(1);
  });

  it('counts passages per topic', () => {
    expect(topicCounts(archive).map((t) => [t.topic.id, t.count])).toEqual([['trains', 3], ['rivers', 2], ['cities', 1]]);
  });

  it('publishes records with names resolved, the question text and base-path URLs', () => {
    const records = passageRecords(archive, '/kb/');
    const answer = records.find((r) => r.text === 'Trains in cities.')!;
    expect(answer).toMatchObject({ interview: 'old', speakerName: 'Bob', voices: ['Bob'], question: 'Trains?', published: '2020-01-01' });
    expect(answer).toMatchObject({ topicTitles: ['TRAINS', 'CITIES'], topicDescriptions: ['About trains.', 'About cities.'] });
    expect(answer.url).toBe(`/kb/interviews/old/#${answer.anchor}`);
    expect(records.find((r) => r.interview === 'u')).toMatchObject({ speakerName: 'Rita', voices: ['Bob'], published: null });
  });
});

describe('buildArchive refuses bad content, naming every problem', () => {
  const attempt = (interviews: Parameters<typeof buildArchive>[0]['interviews']) => {
    try {
      buildArchive({ interviews, people, topics });
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError);
      return (error as ContentError).problems;
    }
    throw new Error('expected a ContentError');
  };

  it('duplicate slugs', () => {
    const problems = attempt([old, { ...recent, file: 'other.mdx', name: 'old' }]);
    expect(problems).toEqual([{ file: 'other.mdx', field: 'slug', expected: expect.stringContaining('also used by old.mdx') }]);
  });

  it('unknown people in the frontmatter and an article without a reporter', () => {
    const problems = attempt([{ ...old, meta: meta({ interviewers: ['zed'] }) }, { ...undated, meta: meta({ format: 'article' }) }]);
    expect(problems.map((p) => [p.file, p.field])).toEqual([['old.mdx', 'interviewers'], ['u.mdx', 'reporters'], ['u.mdx', 'by']]);
  });

  it('collects problems from every file, with a readable message', () => {
    const problems = attempt([{ ...old, body: '' }, { ...recent, body: '<A topics="moons">x</A>' }]);
    expect(problems.map((p) => p.file)).toEqual(['old.mdx', 'new.mdx']);
    expect(new ContentError(problems).message).toMatch(/2 problems[\s\S]*old\.mdx {2}body: [\s\S]*new\.mdx:1 {2}topics: a topic id/);
  });
});
