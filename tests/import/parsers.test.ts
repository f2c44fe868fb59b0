import { describe, expect, it } from 'vitest';
import { decodeTranscript, detectFormat, parseTranscript } from '../../src/lib/import/detect.ts';
import { parseJsonTurns } from '../../src/lib/import/json-turns.ts';
import { parsePlainText } from '../../src/lib/import/plain-text.ts';
import { parseSrt } from '../../src/lib/import/srt.ts';
import { ImportError } from '../../src/lib/import/transcript.ts';
import { parseWebVtt } from '../../src/lib/import/webvtt.ts';

const brief = (t: { turns: { kind: string; speaker?: string; time?: string; paragraphs: string[] }[] }) =>
  t.turns.map((x) => [x.kind === 'note' ? 'note' : (x.speaker ?? '?'), x.time ?? '', ...x.paragraphs]);

/** The one-line message an import error gives. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error.message;
    throw error;
  }
  throw new Error('no error');
}

describe('WebVTT', () => {
  it('reads <v> voices (with classes, unclosed, two in one cue) and merges consecutive cues of one voice, keeping each cue time', () => {
    const t = parseWebVtt(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v.loud Ann Host>Hello\nthere,</v>\n\n00:00:02.000 --> 00:00:03.500\n<v Ann Host>and welcome.\n\n' +
        '00:00:04.000 --> 00:00:05.000\n<v Bo>Thanks.</v> <v Ann Host>Shall we?</v>\n',
      'a.vtt',
    );
    expect(brief(t)).toEqual([
      ['Ann Host', '00:00:01.000', 'Hello there, and welcome.'],
      ['Bo', '00:00:04.000', 'Thanks.'],
      ['Ann Host', '00:00:04.000', 'Shall we?'],
    ]);
    expect(t.turns[0]!.cueTimes).toEqual(['00:00:01.000', '00:00:02.000']);
    expect(t.turns[0]!.line).toBe(3);
  });

  it('reads "[Speaker]: " and "Speaker: " prefixes; an unlabelled cue continues the last speaker', () => {
    const t = parseWebVtt('WEBVTT\n\n00:01.000 --> 00:02.000\n[Amit Varma]: Welcome\n\n00:02.000 --> 00:03.000\nback.\n\n00:03.000 --> 00:04.000\nGUEST 2: Thanks, Amit.\n', 'a.vtt');
    expect(brief(t)).toEqual([
      ['Amit Varma', '00:00:01.000', 'Welcome back.'],
      ['GUEST 2', '00:00:03.000', 'Thanks, Amit.'],
    ]);
  });

  it('without any speaker, starts a new turn where a cue ended a sentence', () => {
    const t = parseWebVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nIt was a long\n\n00:00:02.000 --> 00:00:03.000\nnight.\n\n00:00:03.000 --> 00:00:04.000\nThen morning came.\n', 'a.vtt');
    expect(brief(t)).toEqual([
      ['?', '00:00:01.000', 'It was a long night.'],
      ['?', '00:00:03.000', 'Then morning came.'],
    ]);
  });

  it('undoes character references and drops cue tags, keeping a lone "<" or "&"; a bracketed cue alone is a note', () => {
    const t = parseWebVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n[Music]\n\n00:00:02.000 --> 00:00:03.000\n<v A>It&#39;s <i>R&amp;D</i> <00:00:02.500><c.x>&lt;3</c> & 1 < 2 &copy;</v>\n', 'a.vtt');
    expect(brief(t)).toEqual([
      ['note', '00:00:01.000', '[Music]'],
      ['A', '00:00:02.000', "It's R&D <3 & 1 < 2 &copy;"],
    ]);
  });

  it('takes a byte-order mark, CRLF line ends, "Kind:" header lines, NOTE blocks and cue settings in its stride', () => {
    const text = decodeTranscript(
      new TextEncoder().encode('\uFEFFWEBVTT\r\nKind: captions\r\nLanguage: en\r\n\r\nNOTE a note\r\n\r\n00:00:01.000 --> 00:00:02.000 align:start\r\n<v A>Hi.\r\n'),
      'a.vtt',
    );
    expect(brief(parseTranscript(text, 'a.vtt'))).toEqual([['A', '00:00:01.000', 'Hi.']]);
  });

  it('refuses broken timing, cues out of order and text outside a cue, naming the file and line', () => {
    expect(errorOf(() => parseWebVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n\n00:00:0x.000 --> 00:00:06.500\ntwo\n', 'ep.vtt'))).toMatch(
      /^ep\.vtt:6 {2}timing: a cue timing .*found "00:00:0x\.000 --> 00:00:06\.500"$/,
    );
    expect(errorOf(() => parseWebVtt('WEBVTT\n\n00:00:05.000 --> 00:00:06.000\none\n\n00:00:01.000 --> 00:00:02.000\ntwo\n', 'ep.vtt'))).toMatch(/^ep\.vtt:6 {2}timing: /);
    expect(errorOf(() => parseWebVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n\nstray words\n', 'ep.vtt'))).toMatch(/^ep\.vtt:6 {2}cue: .*found "stray words"$/);
  });
});

describe('SRT', () => {
  it('reads numbered cues with "Name: " prefixes, continues the speaker on unlabelled cues, keeps a blank line inside a cue as its text', () => {
    const t = parseSrt('1\n00:00:01,000 --> 00:00:02,500\nAnn: Hello,\nworld.\n\n2\n00:00:02,500 --> 00:00:04,000\nHow are you?\n\nStill me.\n\n3\n00:00:04,000 --> 00:00:05,000\nBo: <i>Fine</i> {\\an8}thanks &amp; you?\n', 'a.srt');
    expect(brief(t)).toEqual([
      ['Ann', '00:00:01.000', 'Hello, world. How are you? Still me.'],
      ['Bo', '00:00:04.000', 'Fine thanks &amp; you?'],
    ]);
  });

  it('refuses broken timing, an end before the start, cues out of order and an index without timing', () => {
    expect(errorOf(() => parseSrt('1\n00:00:01,000 --> 00:00:0x,000\nBad\n', 'a.srt'))).toBe('a.srt:2  timing: an SRT cue timing "HH:MM:SS,mmm --> HH:MM:SS,mmm", found "00:00:01,000 --> 00:00:0x,000"');
    expect(errorOf(() => parseSrt('1\n00:00:05,000 --> 00:00:02,000\nBack\n', 'a.srt'))).toMatch(/^a\.srt:2 {2}timing: a cue that ends after it starts/);
    expect(errorOf(() => parseSrt('1\n00:00:05,000 --> 00:00:06,000\nA\n\n2\n00:00:01,000 --> 00:00:02,000\nB\n', 'a.srt'))).toMatch(/^a\.srt:6 {2}timing: cues in time order/);
    expect(errorOf(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\nno timing here\n', 'a.srt'))).toMatch(/^a\.srt:6 {2}timing: /);
  });
});

describe('plain text', () => {
  it('reads a Title/Date/Media header, Name: turns, continuation lines, paragraphs and stage directions on their own line', () => {
    const t = parsePlainText('Title: A talk\nDate: 16 Jan 2017\nMedia: https://x.example/a.mp3\n\n*Intro music*\nAnn: Hi\nthere.\n\nNew paragraph.\n[laughs]\nAnn: Back [coughs] again.\nBut here\'s the thing: not a speaker.\n', 'a.txt');
    expect(t).toMatchObject({ title: 'A talk', date: '16 Jan 2017', media: 'https://x.example/a.mp3' });
    expect(brief(t)).toEqual([
      ['note', '', '*Intro music*'],
      ['Ann', '', 'Hi there.', 'New paragraph.'],
      ['note', '', '[laughs]'],
      ['Ann', '', "Back [coughs] again. But here's the thing: not a speaker."],
    ]);
  });

  it('reads a title line and a date line as the header, timed turns, and no header when the first block is a turn', () => {
    const t = parsePlainText('Rails and roads\n2025-03-03\n\n[00:01:02] Ann: Hi.\n(00:01:05) Bo Guest: Hello.\n', 'a.txt');
    expect(t).toMatchObject({ title: 'Rails and roads', date: '2025-03-03' });
    expect(brief(t)).toEqual([['Ann', '00:01:02', 'Hi.'], ['Bo Guest', '00:01:05', 'Hello.']]);
    const plain = parsePlainText('Ann: Hi.\nBo: Hello.\n\nAnn: Bye.\n', 'b.txt');
    expect(plain.title).toBeUndefined();
    expect(brief(plain)).toEqual([['Ann', '', 'Hi.'], ['Bo', '', 'Hello.'], ['Ann', '', 'Bye.']]);
  });

  it('refuses a turn with no words, and text with no "Name:" turns at all', () => {
    expect(errorOf(() => parsePlainText('Ann:\nBo: Hello.\n', 'a.txt'))).toBe('a.txt:1  turn: words after "Ann:", found none before the next turn');
    expect(errorOf(() => parseTranscript('Just some prose, nobody named.\n', 'a.txt'))).toMatch(/^a\.txt:1 {2}format: WebVTT .*found none of them$/);
  });
});

describe('JSON turns', () => {
  it('reads {speaker, time, message} and {speaker, start, text}, under "segments" too; seconds become HH:MM:SS.mmm', () => {
    expect(brief(parseJsonTurns('[{"speaker":"A","time":"00:00:01.500","message":" Hi  there "},{"speaker":"B","time":"1:02:03","message":"Yo"}]', 'a.json'))).toEqual([
      ['A', '00:00:01.500', 'Hi  there'],
      ['B', '1:02:03', 'Yo'],
    ]);
    expect(brief(parseJsonTurns('{"segments":[{"speaker":"S1","start":62.25,"text":"Hello"},{"start":63,"text":"[applause]"}]}', 'a.json'))).toEqual([
      ['S1', '00:01:02.250', 'Hello'],
      ['note', '00:01:03.000', '[applause]'],
    ]);
  });

  it('refuses invalid JSON, a turn without words and a broken time, naming the line of the turn', () => {
    expect(errorOf(() => parseJsonTurns('[\n{"speaker": "A",\n"message": "x"\n', 'a.json'))).toMatch(/^a\.json:4 {2}json: valid JSON/);
    expect(errorOf(() => parseJsonTurns('[\n  {"speaker": "A", "message": "x"},\n  {"speaker": "B", "text": 3}\n]', 'a.json'))).toBe('a.json:3  [1].message: the turn\'s words as a string in "message" or "text", found "3"');
    expect(errorOf(() => parseJsonTurns('[\n  {"speaker": "A", "time": "00:0x:01", "message": "x"}\n]', 'a.json'))).toBe('a.json:2  [0].time: a time such as "00:12:34.500" or seconds, found "\\"00:0x:01\\""');
  });
});

describe('files', () => {
  it('refuses an empty file, a file of blank lines, UTF-16 and bytes that are not UTF-8, with the line', () => {
    expect(errorOf(() => decodeTranscript(new Uint8Array(), 'e.vtt'))).toBe('e.vtt:1  file: a transcript, found an empty file');
    expect(errorOf(() => decodeTranscript(new TextEncoder().encode('\n  \n'), 'e.vtt'))).toBe('e.vtt:1  file: a transcript, found only blank lines');
    expect(errorOf(() => decodeTranscript(new Uint8Array([0xff, 0xfe, 0x41, 0]), 'e.txt'))).toMatch(/^e\.txt:1 {2}encoding: UTF-8 text, found UTF-16/);
    const latin1 = new Uint8Array([...new TextEncoder().encode('Ann: one\nBo: caf'), 0xe9, 0x0a]);
    expect(errorOf(() => decodeTranscript(latin1, 'l.txt'))).toBe('l.txt:2  encoding: UTF-8 text, found the byte 0xE9, which is not UTF-8 (save the file as UTF-8)');
  });

  it('detects the format from the content, not the name, and refuses what it cannot read', () => {
    expect(detectFormat('WEBVTT\n\n')).toBe('webvtt');
    expect(detectFormat('1\n00:00:01,000 --> 00:00:02,000\nx\n')).toBe('srt');
    expect(detectFormat('[{"speaker":"A"}]')).toBe('json');
    expect(detectFormat('[Ann]: hello\n')).toBe('text');
    expect(detectFormat('[00:01:02] Ann: hello\n')).toBe('text');
    expect(detectFormat('[\n  {"speaker": "A"}\n]')).toBe('json');
    expect(detectFormat('{"segments": []}')).toBe('json');
    expect(detectFormat('Ann: hello\n')).toBe('text');
    expect(detectFormat('<html><body>Ann: hi</body></html>')).toBeUndefined();
    expect(errorOf(() => parseTranscript('<tt xmlns="http://www.w3.org/ns/ttml"></tt>', 'a.ttml'))).toMatch(/^a\.ttml:1 {2}format: /);
  });
});
