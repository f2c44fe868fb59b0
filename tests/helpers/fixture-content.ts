import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Files of a content folder, by path relative to it. */
export type ContentFiles = Record<string, string>;

/** A small, valid content folder: two people, two topics, one Q&A interview. */
export const GOOD_CONTENT: ContentFiles = {
  'people/ann-host.yaml': 'name: Ann Host\nrole: Host\norganisation: Radio Example\n',
  'people/bo-guest.yaml': 'name: Bo Guest\nrole: Engineer\norganisation: Rail Example\n',
  'topics/trains.yaml': 'title: Trains\ndescription: Why trains, and what it takes to build a railway people use.\n',
  'topics/cities.yaml': 'title: Cities\ndescription: How cities grow around stations and what that does to them.\n',
  'interviews/rail-talk.mdx': `---
title: Rail talk
publication: Radio Example
published: 2025-03-01
format: qa
interviewers: [ann-host]
interviewees: [bo-guest]
summary: Bo Guest on trains and the cities they make.
---

<Q topics="trains">
Why trains?
</Q>

<A topics="trains, cities">
Because a railway is a promise that a city keeps for a century.
</A>
`,
};

/** Writes a content folder to a new temporary directory and returns its path. */
export function writeContent(files: ContentFiles): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'verbatim-content-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** The long answer of CONVERSATION_CONTENT: 16 sentences, about 330 words, split into three passages. */
export const LONG_TURN = [
  'Well, it started with a timetable that nobody could read.',
  'We had forty stations on one line and every one of them printed its own sheet, in its own format, with its own idea of what a minute was.',
  'So the first thing I did, before any engineering at all, was to sit in the waiting rooms for a month and watch people try to plan a journey.',
  'Most of them gave up and asked someone.',
  'That told me the problem was not the trains, it was the promise we were making about the trains.',
  'A railway is a promise that a city keeps for a century, and if the promise is unreadable, nobody believes it.',
  'The second thing was money, of course, because a timetable people can trust needs trains that keep to it, and trains that keep to it need track that does not fail every winter.',
  'We spent three years on drainage.',
  'Drainage is not glamorous; nobody cuts a ribbon for a ditch.',
  'But the ditches are why the seven-fifteen arrives at seven-fifteen, and the seven-fifteen is why a family decides to live two stations out instead of buying a second car.',
  'The third thing, and this surprised me most, was the stations themselves.',
  'People do not want a station to be a place you pass through as fast as possible; they want a bakery, a bench, a clock they can see from the street, somewhere to wait that is not a corridor.',
  'When we put those back, ridership went up before we had changed a single train.',
  'I still find that remarkable, honestly.',
  'It means the railway was always partly about the city around it, and the city had been waiting for us to notice.',
  'So that is the long answer, and I am sorry it is so long.',
].join(' ');

/**
 * A recorded conversation with three speakers, times, a note, a long answer split into passages and
 * an audio file as its media; and a second conversation on YouTube.
 */
export const CONVERSATION_CONTENT: ContentFiles = {
  ...GOOD_CONTENT,
  'people/cy-guest.yaml': 'name: Cy Guest\nrole: Planner\norganisation: City Example\n',
  'interviews/rail-podcast.mdx': `---
title: The rail podcast, episode 12
publication: Radio Example
published: 2025-04-01
format: conversation
media: https://media.example.org/rail-podcast/episode-12.mp3
interviewers: [ann-host]
interviewees: [bo-guest, cy-guest]
summary: Bo Guest and Cy Guest on timetables, drainage and stations.
---

<N time="00:00:00">[Music]</N>

<S by="ann-host" time="00:00:05">
Welcome back to the rail podcast. Today I have two guests who have built railways and the cities around them.
</S>

<Q by="ann-host" time="00:00:12" topics="trains">
Bo, where did it all start?
</Q>

<A by="bo-guest" time="00:00:16" id="where-it-started" topics="trains, cities">
${LONG_TURN}
</A>

<S by="cy-guest" time="0:48.500" topics="cities">
I would add that stations are where a city meets its railway.
</S>

<S by="cy-guest">
We measured it twice.
</S>

<Q by="ann-host" time="00:00:55">
Cy, what would you build first?
</Q>

<A by="cy-guest" time="00:00:58" topics="cities">
A bench and a clock, before any new line.
</A>
`,
  'interviews/rail-video.mdx': `---
title: The rail podcast on video
publication: Radio Example
published: 2025-05-01
format: conversation
media: https://www.youtube.com/watch?v=abc123DEF45
interviewers: [ann-host]
interviewees: [cy-guest]
summary: Cy Guest on benches, filmed.
---

<Q time="1:02:03">
Why benches?
</Q>

<A time="1:02:09">
Because waiting is part of the journey.
</A>
`,
};
