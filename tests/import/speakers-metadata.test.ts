import { describe, expect, it } from 'vitest';
import { addSpeakerArg, castEpisode, guessGuestNames, parseSpeakerMapping } from '../../src/lib/import/cast.ts';
import { chooseSource } from '../../src/lib/import/choose.ts';
import { parseDate } from '../../src/lib/import/dates.ts';
import { episodeNumber, indexMetadata, parseMetadata } from '../../src/lib/import/metadata.ts';
import { ImportError, type Transcript, type TranscriptTurn } from '../../src/lib/import/transcript.ts';

const turn = (speaker: string | undefined, text: string, time?: string): TranscriptTurn => ({ kind: 'speech', ...(speaker ? { speaker } : {}), paragraphs: [text], line: 1, ...(time ? { time } : {}) });
const episode: Transcript = {
  format: 'json',
  turns: [turn('Unknown', 'Welcome to the show.'), turn('Amit Varma', 'Hello. Who are you?'), turn('Guest', 'A guest. Why ask?'), turn('Amit Varma', 'Curiosity. And then?'), turn(undefined, 'Applause, maybe.')],
};
const none = { hosts: [], labels: {}, episodes: new Map() };

describe('who speaks', () => {
  it('guesses the host as the label who asks most questions, says so, and never takes "Unknown" for the host', () => {
    const r = castEpisode(episode, { slug: 'e12', file: 'E12.json', number: 12 }, none);
    expect(r.hostLabels).toEqual(['Amit Varma']);
    expect(r.hostGuessed).toBe(true);
    expect(r.notes[0]).toBe('host (guessed): "Amit Varma", who asks 2 of the 3 questions');
    expect(r.cast.interviewers).toEqual(['amit-varma']);
    expect(r.cast.interviewees).toEqual(['e12-guest', 'unknown-speaker']);
    expect(r.cast.idOf(undefined)).toBe('unknown-speaker');
    expect(r.people).toContainEqual({ id: 'e12-guest', name: 'Guest of episode 12', role: 'Guest' });
    expect(r.people).toContainEqual({ id: 'unknown-speaker', name: 'Unknown speaker', role: 'Speaker the transcript does not identify' });
  });

  it('takes --host and --speaker mappings, per episode too, over any guess', () => {
    const options = { labels: {}, episodes: new Map<number | string, Record<string, string>>() };
    addSpeakerArg(options, 'E12:Guest=suyash-rai');
    addSpeakerArg(options, 'Amit Varma=amit');
    const r = castEpisode(episode, { slug: 'e12', file: 'E12.json', number: 12 }, { hosts: ['Guest'], ...options });
    expect(r.hostGuessed).toBe(false);
    expect(r.cast.interviewers).toEqual(['suyash-rai']);
    expect(r.cast.interviewees).toEqual(['amit', 'unknown-speaker']);
    const other = castEpisode(episode, { slug: 'e13', file: 'E13.json', number: 13 }, { hosts: [], ...options });
    expect(other.cast.idOf('Guest')).toBe('e13-guest');
    expect(() => addSpeakerArg(options, 'Guest=Not An Id')).toThrow(ImportError);
  });

  it('reads a mapping file with labels for every episode and per-episode objects', () => {
    const m = parseSpeakerMapping('{"Amit Varma": "amit-varma", "E12": {"Guest": "suyash-rai"}, "E07.json": {"Guest 2": "x-y"}}', 'map.json');
    expect(m.labels).toEqual({ 'Amit Varma': 'amit-varma' });
    expect(m.episodes.get(12)).toEqual({ Guest: 'suyash-rai' });
    expect(m.episodes.get(7)).toEqual({ 'Guest 2': 'x-y' });
  });

  it('names a lone guest from the metadata and prints the guess; with several guests it only says whom the metadata names', () => {
    const described = { slug: 'e2', file: 'E02.json', number: 2, description: 'In episode 2, Amit Varma is joined by Suyash Rai, an economic analyst from Delhi, as they examine it.' };
    const r = castEpisode(episode, described, none);
    expect(r.cast.idOf('Guest')).toBe('suyash-rai');
    expect(r.notes).toContain('"Guest" is Suyash Rai (guessed from the metadata)');
    const two: Transcript = { format: 'json', turns: [turn('Amit Varma', 'Hi?'), turn('Guest 1', 'Hi.'), turn('Guest 2', 'Hello.')] };
    const r2 = castEpisode(two, { slug: 'e108', file: 'E108.json', number: 108, description: 'Reuben Abraham and Pritika Hingorani join Amit Varma in episode 108.' }, none);
    expect(r2.cast.idOf('Guest 1')).toBe('e108-guest-1');
    expect(r2.notes).toContain('not guessed: "Guest 1", "Guest 2" and the metadata names Reuben Abraham, Pritika Hingorani; map them with --speaker');
  });

  it('reads guest names the way descriptions write them', () => {
    const host = ['Amit Varma'];
    expect(guessGuestNames('Donald Trump had two answers. Gaurav Sabnis joins Amit Varma in episode 69 to explain why.', host)).toEqual(['Gaurav Sabnis']);
    expect(guessGuestNames('Historian Srinath Raghavan joins Amit Varma to talk.', host)).toEqual(['Srinath Raghavan']);
    expect(guessGuestNames('According to commentator Nikhil Pahwa, it matters. Nikhil joins host Amit Varma on episode 61.', host)).toEqual(['Nikhil Pahwa']);
    expect(guessGuestNames('Manoj Kewalramani, the analyst also known as The China Dude, joins Amit Varma.', host)).toEqual(['Manoj Kewalramani']);
    expect(guessGuestNames('To celebrate Richard Thaler’s Nobel Prize, behavioural econ geek Nidhi Gupta joins Amit Varma.', host)).toEqual(['Nidhi Gupta']);
    expect(guessGuestNames('Vivek Kaul. the Shah Rukh Khan of Economics, joins Amit Varma.', host)).toEqual([]);
    expect(guessGuestNames('In episode 49, Amit Varma examines why our discourse is polarised.', host)).toEqual([]);
  });
});

describe('metadata', () => {
  it('parses the dates sources write', () => {
    expect(parseDate('16 Jan 2017')).toBe('2017-01-16');
    expect(parseDate('02 Jan 2023')).toBe('2023-01-02');
    expect(parseDate('January 16, 2017')).toBe('2017-01-16');
    expect(parseDate('Sept 3 2020')).toBe('2020-09-03');
    expect(parseDate('2017-01-16')).toBe('2017-01-16');
    expect(parseDate('31 Feb 2017')).toBeUndefined();
    expect(parseDate('Janitor 3 2020')).toBeUndefined();
  });

  it('matches an episode by number (E12 is epnum 12) or by file name', () => {
    const lookup = indexMetadata(parseMetadata('[{"epnum": 12, "title": "Twelve", "date_published": "16 Jan 2017"}, {"file": "special.txt", "title": "Special"}]', 'm.json'));
    expect(lookup('E12.json')).toMatchObject({ number: 12, title: 'Twelve', published: '2017-01-16' });
    expect(lookup('chat/e012.vtt')?.title).toBe('Twelve');
    expect(lookup('special.srt')?.title).toBe('Special');
    expect(lookup('E13.json')).toBeUndefined();
    expect(['E12.json', 'ep-012.vtt', 'episode_12.srt', '12.txt', 'show-ep12-final.txt'].map(episodeNumber)).toEqual([12, 12, 12, 12, 12]);
    expect(episodeNumber('interview.txt')).toBeUndefined();
  });

  it('reads titles written as HTML as the text they stand for, and keeps a "<" that is text', () => {
    // As the real archive's metadata writes episodes 91, 135 and 199.
    const [a, b, c] = parseMetadata('[{"epnum": 91, "title": "Episode 91: IL&amp;FS and the Indian&nbsp;Financial System"}, {"epnum": 2, "title": "Why x < y &#8212; or not"}, {"epnum": 3, "title": "Fish &chips;"}]', 'm.json');
    expect(a!.title).toBe('Episode 91: IL&FS and the Indian Financial System');
    expect(b!.title).toBe('Why x < y — or not');
    expect(c!.title).toBe('Fish &chips;');
  });

  it('refuses a date it cannot read and a URL that is not one, naming the line of the entry', () => {
    expect(() => parseMetadata('[\n  {"epnum": 1, "date_published": "16 Janvier 2017"}\n]', 'm.json')).toThrow('m.json:2  [0].date_published: a date such as "16 Jan 2017" or "2017-01-16", found "16 Janvier 2017"');
    expect(() => parseMetadata('[\n  {"epnum": 1},\n  {"epnum": 2, "url": "seenunseen.in/e2"}\n]', 'm.json')).toThrow('m.json:3  [1].url: an absolute http(s) URL, found "seenunseen.in/e2"');
  });
});

describe('one episode in two formats', () => {
  it('keeps the source that names more speakers, then the one with more timed turns, then whole turns over cues, and says why', () => {
    const json: Transcript = { format: 'json', turns: [turn('A', 'Hi.', '00:00:01.000'), turn('B', 'Yo.', '00:00:02.000')] };
    const vtt: Transcript = { format: 'webvtt', turns: [turn('A', 'Hi.', '00:00:01.000'), turn('B', 'Yo.', '00:00:02.000')] };
    const unlabelled: Transcript = { format: 'srt', turns: [turn(undefined, 'Hi. Yo.', '00:00:01.000')] };
    const untimed: Transcript = { format: 'text', turns: [turn('A', 'Hi.'), turn('B', 'Yo.')] };
    expect(chooseSource([{ file: 'e.vtt', transcript: vtt }, { file: 'e.json', transcript: json }])).toMatchObject({
      kept: { file: 'e.json' },
      reason: 'both name the speaker of 100% of the words and time the same 2 turns; it holds each turn whole, the other cuts them into cues joined back with spaces',
    });
    expect(chooseSource([{ file: 'e.srt', transcript: unlabelled }, { file: 'e.vtt', transcript: vtt }]).kept.file).toBe('e.vtt');
    expect(chooseSource([{ file: 'e.txt', transcript: untimed }, { file: 'e.vtt', transcript: vtt }])).toMatchObject({ kept: { file: 'e.vtt' }, reason: 'it times 2 turns, the other 0' });
  });
});
