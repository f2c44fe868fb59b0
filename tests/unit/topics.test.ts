import { describe, expect, it } from 'vitest';
import { terms } from '../../src/lib/ask/text.ts';
import { ContentError } from '../../src/lib/content-error.ts';
import type { InterviewGroup } from '../../src/lib/archive.ts';
import type { Passage } from '../../src/lib/passages.ts';
import { featuredPassages, leadGroups } from '../../src/lib/topics/lead.ts';
import { describeTopic, leadingSentences } from '../../src/lib/topics/describe.ts';
import { createTokenizer, distinctiveTerms, idFromTerms, nameTopics, titleFromTerms, titleKey } from '../../src/lib/topics/naming.ts';
import { suggestTopics, type TopicPassage } from '../../src/lib/topics/suggest.ts';
import { formatReview, parseReview, type Review } from '../../src/lib/topics/review.ts';
import { retagBody, retagOpening } from '../../src/lib/topics/tagging.ts';

const REVIEW: Review = {
  topics: [
    {
      id: 'railways',
      decision: 'accept',
      title: 'Railways: "tracks", timetables & trains',
      description: 'The railway timetable was rewritten so that every train met the ferry: #1 priority.',
      keywords: ['railway', 'train'],
      interviews: 3,
      passages: [
        { id: 'talk-1#the-railway', decision: 'accept' },
        { id: 'talk-2#signalling-on', decision: 'reject' },
        { id: 'talk-3#freight-wagons', decision: 'proposed' },
      ],
    },
    { id: 'trams', decision: 'proposed', title: 'Trams', description: 'Trams run through the old town every ten minutes.', keywords: [], interviews: 2, mergeInto: 'railways', passages: [] },
    { id: 'cooking', decision: 'drop', title: 'Cooking', description: 'My grandmother cooked dal with mustard seeds.', keywords: ['dal'], interviews: 4, split: 2, passages: [{ id: 'talk-1#my-grandmother', decision: 'proposed' }] },
  ],
};

const problemOf = (text: string): string => {
  try {
    parseReview(text, 'review.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems.map((p) => `${p.file}:${p.line}  ${p.field}: ${p.expected}`).join('\n');
  }
  throw new Error('no problem found');
};

/** Passages on railways, a subject apart from every other group of these tests. */
const TRAINS = ['The railway timetable met the ferry.', 'A railway runs on its timetable.', 'The ferry and the railway, again.'];

/** One group of passages per list of texts, each text from an interview of its own. */
const groupsOf = (tokenizer: ReturnType<typeof createTokenizer>, ...lists: string[][]) =>
  lists.map((texts, g) => ({ passages: texts.map((text, i) => ({ ...tokenizer.cut(text), interview: `g${g}-${i}` })) }));

describe('the review file', () => {
  it('round-trips every decision an editor can make, with excerpts as comments that are not read back', () => {
    const withExcerpts = { topics: REVIEW.topics.map((t) => ({ ...t, passages: t.passages.map((p) => ({ ...p, excerpt: 'The first # words …' })) })) };
    const text = formatReview(withExcerpts);
    expect(text).toContain('talk-1#the-railway: accept # The first # words …');
    expect(parseReview(text, 'review.yaml')).toEqual(REVIEW);
  });

  it('names the line and field of each problem', () => {
    const text = formatReview(REVIEW);
    const lines = text.split('\n');
    const line = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(problemOf(text.replace('decision: drop', 'decision: later'))).toBe(`review.yaml:${line('decision: drop')}  decision: one of proposed, accept, drop, found "later"`);
    expect(problemOf(text.replace('talk-2#signalling-on: reject', 'talk-2#signalling-on: maybe'))).toBe(`review.yaml:${line('talk-2#signalling-on')}  passages: talk-2#signalling-on: one of proposed, accept, reject, found "maybe"`);
    expect(problemOf(text.replace('merge-into: railways', 'merge-into: nowhere'))).toBe(`review.yaml:${line('merge-into: railways')}  merge-into: the id of another topic in this file, found "nowhere"`);
    expect(problemOf(text.replace('id: trams', 'id: Trams!'))).toBe(`review.yaml:${line('id: trams')}  id: a topic id: lower-case letters, digits and hyphens, found "Trams!"`);
    expect(problemOf(text.replace('id: trams', 'id: railways'))).toMatch(new RegExp(`^review.yaml:${line('id: trams')}  id: an id no other topic has`));
    expect(problemOf(text.replace('split: 2', 'split: 1'))).toBe(`review.yaml:${line('    split: 2')}  split: a whole number of topics, 2 or more, found 1`);
    expect(problemOf(text.replace('    title: Trams\n', '    titel: Trams\n'))).toMatch(new RegExp(`^review.yaml:${line('title: Trams')}  titel: no such field`));
    expect(problemOf(`${text}\n  - [unclosed`)).toMatch(/^review\.yaml:\d+  yaml: valid YAML/);
  });
});

describe('tags written into an element', () => {
  it('adds to the tags an editor wrote and removes only what it is told to', () => {
    expect(retagOpening('<A by="bo">', ['railways'], [])).toBe('<A by="bo" topics="railways">');
    expect(retagOpening('<A topics="mine, other" by="bo">', ['railways', 'mine'], [])).toBe('<A topics="mine, other, railways" by="bo">');
    expect(retagOpening("<A topics='mine railways'>", [], ['railways'])).toBe('<A topics="mine">');
    expect(retagOpening('<A topics="railways" time="00:01">', [], ['railways'])).toBe('<A time="00:01">');
    expect(retagOpening('<A topics="mine">', ['mine'], [])).toBe('<A topics="mine">');
  });

  it('changes only opening tags of a body, keeping every character of the text', () => {
    const body = '\n<Q>\nWhy {trains}?\n</Q>\n\n<A by="bo">\nBecause\na <A> railway \\{is\\} a promise.\n</A>\n';
    const escaped = body.replace('{trains}', '\\{trains\\}').replace('a <A> railway', 'a \\<A> railway');
    const out = retagBody(escaped, [{ element: 1, add: ['railways'], remove: [] }], { file: 't.mdx' });
    expect(out).toBe(escaped.replace('<A by="bo">', '<A by="bo" topics="railways">'));
    expect(() => retagBody(escaped, [{ element: 5, add: ['x'], remove: [] }], { file: 't.mdx' })).toThrow(/no element 6/);
  });
});

describe('a suggested topic’s description', () => {
  it('is whole sentences of its passage, word for word, past a reply’s "Yeah."', () => {
    const text = 'Yeah. Right, right. The railway timetable was rewritten so that every train met the ferry. ' + 'Then came more words here. '.repeat(20);
    expect(leadingSentences(text, 20)).toBe('The railway timetable was rewritten so that every train met the ferry. Then came more words here.');
    expect(leadingSentences('Yeah. Sure.')).toBe('Yeah. Sure.');
  });
});

describe('a suggested topic’s description', () => {
  const keywords = [
    { stem: 'railway', word: 'railway', weight: 3 },
    { stem: 'ferri', word: 'ferry', weight: 2 },
    { stem: 'timet', word: 'timetable', weight: 1 },
  ].map((k) => ({ ...k, stem: terms(k.word)[0]! }));

  it('is the run of whole sentences that holds most of the topic’s keywords, past the talk around them, word for word', () => {
    const chatter = 'So that is what I want to talk about today. Yeah, thanks for having me on the show again, it is lovely to be back here. ';
    const point = 'The railway timetable was rewritten in 1921 so that every train on the coast met the morning ferry at the harbour, whatever the weather. Before that the ferry left when it was full.';
    const text = `${chatter}${point} Anyway, we moved on to other things after that, as one does in a long conversation like ours.`;
    const { text: description, from } = describeTopic([text], keywords);
    expect(description).toBe(point);
    expect(from).toBe(0);
  });

  it('does not stop at an abbreviation’s full stop, prefers a statement to a question, and a central passage to a later one as good', () => {
    const asks = 'But what did the railway timetable and the ferry mean for the people of the coast, in the years before the war came to them?';
    const says = 'Dr. Rao showed that the railway timetable was built around the ferry, because the ferry carried the mail and the mail set the hours of every town along the coast.';
    const { text, from } = describeTopic([asks, says, says.replace('Dr. Rao', 'Professor Rao')], keywords);
    expect(text).toBe(says);
    expect(from).toBe(1);
  });

  it('falls back to the leading sentences when no sentence holds a keyword', () => {
    const text = 'Yeah. We spoke about nothing in particular for a long while that afternoon, and it was pleasant enough.';
    expect(describeTopic([text], keywords)).toEqual({ text: leadingSentences(text), from: 0 });
  });
});

describe('the lead of a topic page', () => {
  const interview = (slug: string, published: Date | 'undated') => ({ slug, title: slug, published }) as unknown as InterviewGroup['interview'];
  const passage = (slug: string, index: number): Passage => ({ id: `${slug}#p${index}`, interview: slug, anchor: `p${index}`, index, text: 'x'.repeat(100) }) as Passage;
  const groups: InterviewGroup[] = [
    { interview: interview('new', new Date('2025-05-01')), passages: [0, 1, 2, 3].map((i) => passage('new', i)) },
    { interview: interview('undated', 'undated'), passages: [0, 1].map((i) => passage('undated', i)) },
    { interview: interview('old', new Date('2020-01-01')), passages: [0, 1, 2].map((i) => passage('old', i)) },
  ];
  const size = () => 1000;

  it('takes the best two of each interview by the topic’s ranking, in reading order, oldest interview first', () => {
    const lead = leadGroups({ lead: ['new#p3', 'old#p2', 'new#p1'] }, groups, size, 100_000);
    expect(lead.map((g) => [g.interview.slug, g.passages.map((p) => p.anchor)])).toEqual([
      ['old', ['p0', 'p2']],
      ['new', ['p1', 'p3']],
      ['undated', ['p0', 'p1']],
    ]);
  });

  it('takes one of each, then only the best-ranked interviews, when that would make too large a page', () => {
    expect(leadGroups({ lead: ['new#p3'] }, groups, size, 3000).map((g) => g.passages.map((p) => p.id))).toEqual([['old#p0'], ['new#p3'], ['undated#p0']]);
    expect(leadGroups({ lead: ['new#p3', 'undated#p1'] }, groups, size, 2000).map((g) => g.passages.map((p) => p.id))).toEqual([['new#p3'], ['undated#p1']]);
  });

  it('gives a person page the best of a person’s passages on it, one from each interview before a second from any', () => {
    const said = groups.flatMap((g) => g.passages);
    expect(featuredPassages({ lead: ['new#p3', 'new#p1', 'old#p2'] }, said, 3).map((p) => p.id)).toEqual(['new#p3', 'old#p2', 'undated#p0']);
    // Unranked (an editor's tags): reading order, still one from each interview first.
    expect(featuredPassages({}, said, 4).map((p) => p.id)).toEqual(['new#p0', 'undated#p0', 'old#p0', 'new#p1']);
    expect(featuredPassages({}, said.slice(0, 4), 3).map((p) => p.id)).toEqual(['new#p0', 'new#p1', 'new#p2']);
  });
});

describe('topic titles', () => {
  it('keeps names and acronyms in the case they are written in mid-sentence, and other words in lower case', () => {
    const tokenizer = createTokenizer();
    for (const text of [
      'Culture matters. We asked whether the BJP and Congress agree on caste and culture.',
      'In Delhi, Modi said the BJP would win; culture was not on the ballot, caste was.',
      'Caste is everywhere. The Congress disagreed with Modi about caste.',
    ]) tokenizer.stems(text);
    const term = (stem: string) => ({ stem, word: tokenizer.word(stem), weight: 1 });
    const stemOf = (word: string) => tokenizer.stems(word)[0]!;
    expect(titleFromTerms(['caste', 'culture', 'delhi'].map((w) => term(stemOf(w))))).toBe('Caste, culture and Delhi');
    expect(titleFromTerms(['bjp', 'congress', 'modi'].map((w) => term(stemOf(w))))).toBe('BJP, Congress and Modi');
    expect(idFromTerms(['bjp', 'congress', 'modi'].map((w) => term(stemOf(w))), new Set())).toBe('bjp-congress-modi');
  });

  it('makes two keywords its passages write side by side one phrase, in their written order', () => {
    const tokenizer = createTokenizer();
    const texts = [
      'On Twitter the social media mob came for him.',
      'Social media rewards outrage, and Twitter most of all.',
      'I left Twitter; social media is a slot machine.',
      'The media were kind; my social life was not.',
    ];
    const group = { passages: texts.map((text, i) => ({ stems: tokenizer.stems(text), interview: `e${i}` })) };
    const stemOf = (word: string) => tokenizer.stems(word)[0]!;
    const terms = ['twitter', 'media', 'social'].map((w) => ({ stem: stemOf(w), word: tokenizer.word(stemOf(w)), weight: 1 }));
    expect(titleFromTerms(terms, group)).toBe('Twitter and social media');
    expect(titleFromTerms(terms)).toBe('Twitter, media and social');
    // Written side by side once in four: not a phrase.
    const rare = { passages: [group.passages[0]!, ...['Media matters.', 'Social life matters.', 'Media again, social again.', 'Media.'].map((text, i) => ({ stems: tokenizer.stems(text), interview: `f${i}` }))] };
    expect(titleFromTerms(terms, rare)).toBe('Twitter, media and social');
  });

  it('writes a phrase as its passages write it, not as each keyword is most often written', () => {
    const tokenizer = createTokenizer();
    const texts = [
      'Nature is cruel. Natural selection is not.',
      'By natural selection, nature keeps what works.',
      'Nature, nature, nature; natural selection again.',
    ];
    const group = { passages: texts.map((text, i) => ({ ...tokenizer.cut(text), interview: `e${i}` })) };
    const stemOf = (word: string) => tokenizer.stems(word)[0]!;
    expect(stemOf('natural')).toBe(stemOf('nature'));
    const terms = ['nature', 'selection'].map((w) => ({ stem: stemOf(w), word: tokenizer.word(stemOf(w)), weight: 1 }));
    expect(terms[0]!.word).toBe('nature');
    expect(titleFromTerms(terms, group)).toBe('Natural selection');
  });

  it('does not name a topic by the Hindi function words of a code-switched transcript', () => {
    const tokenizer = createTokenizer();
    // Hindi written in Latin letters, mid-conversation: "hai", "ki", "toh", "nahi" are in every passage of the songs.
    const songs = [
      'Yeh song hai, music ki baat hai, toh lyrics nahi badalte.',
      'Woh song toh Hindustani music hai, lyrics bhi hai.',
      'Music hai na, song ki lyrics mein hai sab kuch.',
    ];
    const groups = groupsOf(tokenizer, songs, TRAINS);
    const named = distinctiveTerms(groups, tokenizer, 8, 3, 1);
    const words = named[0]!.map((t) => t.word);
    expect(words).toEqual(expect.arrayContaining(['song', 'music', 'lyrics']));
    for (const hindi of ['hai', 'ki', 'toh', 'nahi', 'yeh', 'woh', 'bhi', 'mein']) expect(words).not.toContain(hindi);
    expect(titleFromTerms(named[0]!, groups[0])).not.toMatch(/\bhai\b/i);
  });

  it('names a topic by nouns and names, passing over verbs, adjectives and a second word of the same root', () => {
    const tokenizer = createTokenizer();
    // As an archive uses them: "keep" and "learn" after "to" and "I", "happy" after "so" and "is",
    // "economic" before the noun it qualifies; "economy", "caste" and "school" end their phrases.
    const uses = [
      'I want to keep going, and to learn; we keep at it. I learn a lot.',
      'She was so happy, and he is happy too. The economic case and the economic argument.',
      'The economy grew. Caste, in the end, and caste again. My school is old, the school is big.',
      'Economists say the economy is fine. We talked of the economists and of the economy.',
    ];
    for (let i = 0; i < 12; i++) for (const text of uses) tokenizer.stems(text);
    const stemOf = (word: string) => tokenizer.stems(word)[0]!;
    const nameable = (word: string) => tokenizer.nameable(stemOf(word));
    expect(['keep', 'learn', 'happy', 'economic'].filter(nameable)).toEqual([]);
    expect(['economy', 'caste', 'school', 'economists'].every(nameable)).toBe(true);
    const term = (w: string) => ({ stem: stemOf(w), word: tokenizer.word(stemOf(w)), weight: 1, nameable: nameable(w) });
    expect(titleFromTerms(['keep', 'economists', 'economic', 'happy', 'economy', 'caste', 'learn', 'school'].map(term))).toBe('Economists, caste and school');
    expect(idFromTerms(['keep', 'economists', 'economic', 'happy', 'economy', 'caste', 'learn', 'school'].map(term), new Set())).toBe('economists-caste-school');
    // Nothing but verbs, or one noun among them: the keywords as they are, rather than no title or a catch-all.
    expect(titleFromTerms(['keep', 'learn'].map(term))).toBe('Keep and learn');
    expect(titleFromTerms(['keep', 'school', 'learn'].map(term))).toBe('Keep, school and learn');
  });
});

describe('topic titles, again', () => {
  it('do not name a topic by words too vague to name a subject', () => {
    const tokenizer = createTokenizer();
    const art = ['Art is everything, and memory is bad at art.', 'Everything in art is memory; bad art too.', 'Memory and art, everything bad about them.'];
    const groups = groupsOf(tokenizer, art, TRAINS);
    const words = distinctiveTerms(groups, tokenizer, 8, 3, 1)[0]!.map((t) => t.word);
    expect(words).toEqual(expect.arrayContaining(['art', 'memory']));
    for (const vague of ['everything', 'bad']) expect(words).not.toContain(vague);
  });
});

describe('topics named alike', () => {
  const tokenizer = createTokenizer();
  const gender = ['Women and men, and gender roles, and patriarchy.', 'Gender: women, men, the patriarchy of the home.', 'Men and women and gender again, and marriage.'];

  it('are never given one title: the later passes over its last keyword, and an earlier review’s titles count too', () => {
    const groups = groupsOf(tokenizer, gender, gender, TRAINS);
    const named = distinctiveTerms(groups, tokenizer, 8, 1, 1);
    const first = titleFromTerms(named[0]!, groups[0]);
    expect(titleFromTerms(named[1]!, groups[1])).toBe(first);
    const names = nameTopics(named, groups, { ids: new Set(), titles: new Set() });
    expect(names[0]!.title).toBe(first);
    expect(names[1]!.title).not.toBe(first);
    expect(titleKey(names[1]!.title)).not.toBe(titleKey(first));
    // Two of its three keywords kept: the title still says what the topic is.
    expect(names[1]!.title.split(/, | and /).filter((w) => first.toLowerCase().includes(w.toLowerCase())).length).toBe(2);
    expect(new Set(names.map((n) => n.id)).size).toBe(3);
    // Order of the words does not make a title new.
    expect(titleKey('Men, women and gender')).toBe(titleKey('Women, men and gender'));
    const again = nameTopics([named[0]!], [groups[0]], { ids: new Set(), titles: new Set([titleKey(first)]) });
    expect(again[0]!.title).not.toBe(first);
  });

  it('are one topic when suggested: two clusters with one name are one subject that k-means cut in two', () => {
    const dims = 3;
    const texts = [
      ...Array.from({ length: 6 }, (_, i) => gender[i % 3]!),
      ...Array.from({ length: 6 }, (_, i) => gender[(i + 1) % 3]!),
      ...Array.from({ length: 6 }, (_, i) => TRAINS[i % 3]!),
    ];
    const passages: TopicPassage[] = texts.map((text, i) => ({ id: `e${i % 6}#p${i}`, interview: `e${i % 6}`, element: `e${i % 6}#p${i}`, speaker: 'guest', position: 0.5, text }));
    const data = new Float32Array(texts.length * dims);
    // Three directions, the first two gender, far apart in the embedding though alike in words.
    texts.forEach((_, i) => (data[i * dims + Math.floor(i / 6)] = 1));
    const topics = suggestTopics(passages, { rows: texts.length, dims, data }, createTokenizer(), { k: 3, memberShare: 1 });
    expect(topics).toHaveLength(2);
    const genderTopic = topics.find((t) => /women/i.test(t.title))!;
    expect(genderTopic.members.map((m) => m.id).sort()).toEqual(passages.slice(0, 12).map((p) => p.id).sort());
    expect(genderTopic.interviews).toBe(6);
    expect(new Set(topics.map((t) => t.title)).size).toBe(2);
  });
});
