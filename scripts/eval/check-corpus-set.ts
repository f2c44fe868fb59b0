/**
 * `npm run eval:check-corpus -- <seen-unseen corpus folder> [question files...]`: checks the
 * seen-unseen evaluation set (by default tests/fixtures/eval/seen-unseen*.json) against the real
 * archive it is about, the folder given (in this workspace, the shared corpora's seen-unseen). The archive is
 * imported with the project's importer into a temporary folder, then, for every answerable question:
 * its `expect` phrase occurs in the named episode's transcript (chat/E<n>.json) and in exactly one
 * passage of the imported episode as the site splits it, and a `continues` phrase in the passage
 * right after; for every unanswerable one, none of its `absent` terms occurs anywhere in the
 * archive. Prints each failure and exits 1 if there is any. The tests run without the corpus, so
 * this is the check to run whenever the set or the importer changes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { importTranscripts } from '../../src/build/import/import-transcripts.ts';
import { countExpected } from '../../src/lib/ask/evaluate.ts';
import { segmentInterview, type Passage } from '../../src/lib/passages.ts';

type Entry = { q: string; expect: string | null; interview?: string; continues?: string; absent?: string[] };

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const USAGE = 'npm run eval:check-corpus -- <seen-unseen corpus folder> [question files...]';
const [corpusArg, ...fileArgs] = process.argv.slice(2);
if (!corpusArg || !existsSync(path.join(corpusArg, 'chat'))) {
  console.error(`Name the seen-unseen corpus folder (the one holding chat/ and metadata.json). Usage: ${USAGE}`);
  process.exit(2);
}
const corpus = path.resolve(corpusArg);
const files = fileArgs.length
  ? fileArgs
  : ['seen-unseen.json', 'seen-unseen-holdout.json'].map((f) => path.join(ROOT, 'tests', 'fixtures', 'eval', f));
const SOURCE = /Imported by "npm run import" from ([^ ]+?)\. \*\//;

/** The imported episode: its passages as the site splits them, and the transcript turns it came from. */
type Episode = { passages: Passage[]; messages: string[] };

function loadEpisode(content: string, slug: string): Episode | undefined {
  let mdx: string;
  try {
    mdx = readFileSync(path.join(content, 'interviews', `${slug}.mdx`), 'utf8');
  } catch {
    return undefined;
  }
  const front = /^---\n([\s\S]*?)\n---\n/.exec(mdx)!;
  const meta = parse(front[1]!) as { interviewers: string[]; interviewees: string[] };
  const body = mdx.slice(front[0].length);
  const { passages } = segmentInterview(
    body,
    { slug, file: `${slug}.mdx`, interviewers: meta.interviewers, interviewees: meta.interviewees, reporters: [] },
    { people: new Set([...meta.interviewers, ...meta.interviewees]), topics: new Set() },
  );
  const source = SOURCE.exec(body)?.[1];
  const turns = source ? (JSON.parse(readFileSync(path.join(corpus, source), 'utf8')) as { message: string }[]) : [];
  return { passages, messages: turns.map((t) => t.message) };
}

function main(): void {
  const content = mkdtempSync(path.join(tmpdir(), 'verbatim-eval-corpus-'));
  const failures: string[] = [];
  let checked = 0;
  try {
    console.log(`importing ${corpus} into ${content}`);
    importTranscripts({ inputs: [corpus], out: content, speakers: { hosts: ['Amit Varma'], labels: {}, episodes: new Map() }, log: () => undefined });
    const episodes = new Map<string, Episode | undefined>();
    const transcripts = readdirSync(path.join(corpus, 'chat')).map((f) => readFileSync(path.join(corpus, 'chat', f), 'utf8'));
    for (const file of files) {
      const entries = JSON.parse(readFileSync(file, 'utf8')) as Entry[];
      const where = path.relative(process.cwd(), file);
      entries.forEach((entry, i) => {
        checked++;
        const fail = (what: string) => failures.push(`${where}[${i}] "${entry.q}": ${what}`);
        if (entry.expect === null) {
          for (const term of entry.absent ?? []) {
            const word = new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
            const hits = transcripts.filter((t) => word.test(t)).length;
            if (hits) fail(`absent term "${term}" occurs in ${hits} transcript(s)`);
          }
          if (!entry.absent?.length) fail('an unanswerable question names no absent term to check');
          return;
        }
        if (!entry.interview) return fail('no interview named');
        if (!episodes.has(entry.interview)) episodes.set(entry.interview, loadEpisode(content, entry.interview));
        const episode = episodes.get(entry.interview);
        if (!episode) return fail(`the importer wrote no interview "${entry.interview}"`);
        const inTranscript = episode.messages.reduce((n, m) => n + countExpected(m, entry.expect!), 0);
        if (inTranscript === 0) fail(`"${entry.expect}" is not in the episode's transcript`);
        const at = episode.passages.flatMap((p, k) => (countExpected(p.text, entry.expect!) ? [k] : []));
        if (at.length !== 1) fail(`"${entry.expect}" is in ${at.length} passages of ${entry.interview}, expected exactly 1`);
        if (entry.continues && at.length === 1 && !countExpected(episode.passages[at[0]! + 1]?.text ?? '', entry.continues)) {
          fail(`"${entry.continues}" is not in the passage after the one holding "${entry.expect}"`);
        }
      });
    }
  } finally {
    rmSync(content, { recursive: true, force: true });
  }
  for (const line of failures) console.log(`FAIL ${line}`);
  console.log(`${checked} questions checked against ${corpus}: ${failures.length ? `${failures.length} failure(s)` : 'all hold'}`);
  if (failures.length) process.exitCode = 1;
}

main();
