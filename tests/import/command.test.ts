import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_RECORD, ImportFailure, importTranscripts, type ImportOptions } from '../../src/build/import/import-transcripts.ts';
import { ROOT } from '../helpers/site.ts';
import { SEEN_UNSEEN, TRANSCRIPTS } from './fixtures.ts';
import { readBack, squeeze } from './read-back.ts';

const temp = (name: string) => mkdtempSync(path.join(tmpdir(), `verbatim-import-${name}-`));
const none = { hosts: [], labels: {}, episodes: new Map() };

function run(inputs: string[], out: string, more: Partial<ImportOptions> = {}) {
  const lines: string[] = [];
  const report = importTranscripts({ inputs, out, speakers: none, log: (l) => lines.push(l), ...more });
  return { report, lines };
}

/** Every file under a folder with its bytes, to prove a refused import wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else files[path.relative(dir, f)] = readFileSync(f, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

describe('npm run import, the module', () => {
  it('names each episode its own recording from --media when the metadata names none', () => {
    const out = temp('media');
    run([SEEN_UNSEEN], out, { mediaTemplate: 'https://audio.example.org/seen/{episode}.mp3?from={file}' });
    for (const [slug, episode] of [['e05', 5], ['e22', 22], ['e32', 32]] as const) {
      const mdx = readFileSync(path.join(out, `interviews/${slug}.mdx`), 'utf8');
      expect(mdx).toContain(`\nmedia: "https://audio.example.org/seen/${episode}.mp3?from=E${String(episode).padStart(2, '0')}"\n`);
    }
  });

  it('imports a folder with the metadata beside it: one interview per episode, the duplicate left out and said, people written', () => {
    const out = temp('real');
    const { report, lines } = run([SEEN_UNSEEN], out);
    expect(readdirSync(path.join(out, 'interviews')).sort()).toEqual(['e05.mdx', 'e22.mdx', 'e32.mdx']);
    expect(report).toMatchObject({ sources: 4, interviews: 3, written: 3, unchanged: 0 });
    expect(report.duplicates).toEqual([{ kept: 'chat/E05.json', dropped: ['vtt/E05.vtt'], reason: expect.stringContaining('it holds each turn whole') }]);
    expect(lines).toContain('read 4/4 vtt/E05.vtt');
    expect(lines).toContain('imported 3/3 interviews/e32.mdx');
    expect(lines).toContain('chat/E22.json: "Guest" is Pranay Kotasthane (guessed from the metadata)');
    const e22 = readFileSync(path.join(out, 'interviews/e22.mdx'), 'utf8');
    expect(e22).toMatch(/^---\ntitle: "Episode 22: [^"]+"\npublication: "Amit Varma"\nurl: "https:\/\/seenunseen\.in\/episodes\/[^"]+"\npublished: 2017-\d\d-\d\d\nformat: conversation\ninterviewers: \[amit-varma\]\ninterviewees: \[[a-z-, ]+\]\nsummary: "[^"]+"\n---\n/);
    expect(readFileSync(path.join(out, 'people/pranay-kotasthane.yaml'), 'utf8')).toBe('name: "Pranay Kotasthane"\nrole: "Guest"\n');
    expect(readFileSync(path.join(out, 'people/unknown-speaker.yaml'), 'utf8')).toContain('name: "Unknown speaker"');
    // The written files hold every word of the source, as the site reads them.
    const source = JSON.parse(readFileSync(path.join(SEEN_UNSEEN, 'chat/E22.json'), 'utf8')) as { message: string }[];
    expect(readBack(e22, 'e22.mdx').map((e) => squeeze(e.text)).join('')).toBe(squeeze(source.map((t) => t.message).join('')));
  });

  it('gives the same bytes on a second run, refuses to overwrite an edited interview unless forced, never touches a people file', () => {
    const out = temp('rerun');
    mkdirSync(path.join(out, 'people'), { recursive: true });
    writeFileSync(path.join(out, 'people/amit-varma.yaml'), 'name: Amit Varma\nrole: Host\norganisation: The Seen and the Unseen\n');
    run([TRANSCRIPTS, SEEN_UNSEEN], out);
    const first = snapshot(out);
    expect(first['people/amit-varma.yaml']).toBe('name: Amit Varma\nrole: Host\norganisation: The Seen and the Unseen\n');
    expect(Object.keys(JSON.parse(first[IMPORT_RECORD]!).files)).toHaveLength(6);

    const again = run([TRANSCRIPTS, SEEN_UNSEEN], out);
    expect(again.report).toMatchObject({ written: 0, unchanged: 6, people: 0 });
    expect(snapshot(out)).toEqual(first);

    const edited = path.join(out, 'interviews/night-shift.mdx');
    writeFileSync(edited, first['interviews/night-shift.mdx']!.replace('Good evening.', 'Good evening!'));
    const before = snapshot(out);
    expect(() => run([TRANSCRIPTS], out)).toThrow(
      `${edited}  file: the file as the importer last wrote it, found it changed by an editor (keep the edits, or run again with --force to overwrite them)`,
    );
    expect(snapshot(out)).toEqual(before);
    run([TRANSCRIPTS], out, { force: true });
    expect(snapshot(out)).toEqual(first);
  });

  it('writes the conversation summary when the metadata description is only markup, as episode 46 of the corpus has', () => {
    const inputs = temp('blank');
    cpSync(path.join(SEEN_UNSEEN, 'chat/E22.json'), path.join(inputs, 'E22.json'));
    writeFileSync(path.join(inputs, 'metadata.json'), JSON.stringify([{ epnum: 22, title: 'Episode 22', description: '&nbsp;<p> </p>' }]));
    const out = temp('blank-out');
    run([inputs], out);
    expect(readFileSync(path.join(out, 'interviews/e22.mdx'), 'utf8')).toMatch(/^---\ntitle: "Episode 22"\n[^]*\nsummary: "A conversation between [^"]+\."\n/);
  });

  it('refuses to overwrite an interview it did not write', () => {
    const out = temp('hand');
    mkdirSync(path.join(out, 'interviews'), { recursive: true });
    writeFileSync(path.join(out, 'interviews/night-shift.mdx'), 'written by hand\n');
    expect(() => run([path.join(TRANSCRIPTS, 'night-shift.srt')], out)).toThrow(/night-shift\.mdx {2}file: a file the importer wrote, found one it did not write/);
    expect(readFileSync(path.join(out, 'interviews/night-shift.mdx'), 'utf8')).toBe('written by hand\n');
  });

  it('takes a metadata file named by --metadata for transcripts kept elsewhere, and refuses one that is not there', () => {
    const inputs = temp('meta');
    cpSync(path.join(SEEN_UNSEEN, 'chat/E22.json'), path.join(inputs, 'episode-22.json'));
    const out = temp('meta-out');
    run([inputs], out, { metadata: path.join(SEEN_UNSEEN, 'metadata.json') });
    expect(readFileSync(path.join(out, 'interviews/episode-22.mdx'), 'utf8')).toMatch(/^---\ntitle: "Episode 22: /);
    expect(() => run([inputs], temp('meta-none'), { metadata: path.join(inputs, 'nope.json') })).toThrow(/nope\.json {2}metadata: a metadata file, found nothing there/);
  });

  it('stops on bad input before writing anything, naming every bad file and line', () => {
    const inputs = temp('bad');
    cpSync(TRANSCRIPTS, inputs, { recursive: true });
    writeFileSync(path.join(inputs, 'broken.srt'), '1\n00:00:01,000 --> 00:00:0x,000\nBad\n');
    writeFileSync(path.join(inputs, 'empty.vtt'), '');
    const out = path.join(temp('bad-out'), 'content');
    let message = '';
    try {
      run([inputs], out);
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFailure);
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'nothing imported, 2 problems:',
      '  broken.srt:2  timing: an SRT cue timing "HH:MM:SS,mmm --> HH:MM:SS,mmm", found "00:00:01,000 --> 00:00:0x,000"',
      '  empty.vtt:1  file: a transcript, found an empty file',
    ]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('npm run import, the command', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts/import.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('imports, prints its guesses and a summary, and takes --host, --speaker and --publication', () => {
    const out = temp('cli');
    const r = cli(TRANSCRIPTS, '--out', out, '--host', 'Cara Lee', '--speaker', 'night-shift:Dev Patel=dev-patel-rn', '--publication', 'Night Radio');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('harbour-voices.vtt: host (guessed): "Mara Quint", who asks 2 of the 2 questions');
    expect(r.stdout).toMatch(/3 interviews from 3 files \(0 duplicates left out\) into .*: 3 written, 0 unchanged, \d+ new people, 0\.0 MB, in \d+\.\d s/);
    const night = readFileSync(path.join(out, 'interviews/night-shift.mdx'), 'utf8');
    expect(night).toContain('publication: "Night Radio"\n');
    expect(night).toContain('interviewers: [cara-lee]\ninterviewees: [dev-patel-rn]\n');
    expect(readFileSync(path.join(out, 'people/dev-patel-rn.yaml'), 'utf8')).toBe('name: "Dev Patel"\nrole: "Guest"\n');
    expect(readFileSync(path.join(out, 'people/cara-lee.yaml'), 'utf8')).toBe('name: "Cara Lee"\nrole: "Host"\norganisation: "Night Radio"\n');
  });

  it('fails with one clear line on a wrong option or nothing to import', () => {
    const wrong = cli('--outt', 'x');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^error: Unknown option --outt\. Usage: npm run import -- <file or folder>\.\.\./);
    const missing = cli(path.join(TRANSCRIPTS, 'nothing-here.vtt'), '--out', temp('none'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nothing-here.vtt  input: a transcript file or a folder of them, found nothing there');
  });
});
