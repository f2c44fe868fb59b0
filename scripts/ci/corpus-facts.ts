/**
 * `node scripts/ci/corpus-facts.ts <content> <dist> [question]`: facts a built corpus must hold: every imported
 * interview has its page, the site deploys to a common static host as it is (files, file and page
 * sizes), a passage's URL from /passages.json leads to an element with its anchor
 * as id, and questions of the real-archive eval set about these episodes get answers from `npm run ask`. Prints each fact; exits 1 on the first false one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readPublishedPassages } from '../../src/lib/published-passages.ts';

const [content, dist, question] = process.argv.slice(2) as [string, string, string?];
const fail = (message: string): never => {
  console.error(`Corpus check failed: ${message}`);
  process.exit(1);
};

const slugs = readdirSync(path.join(content, 'interviews')).filter((f) => f.endsWith('.mdx')).map((f) => f.slice(0, -4));
const missing = slugs.filter((slug) => !existsSync(path.join(dist, 'interviews', slug, 'index.html')));
if (missing.length > 0) fail(`${missing.length} of ${slugs.length} interviews have no page, first ${missing[0]}`);
console.log(`ok: all ${slugs.length} interviews have pages`);

// What the common static hosts take as it is (Cloudflare Pages: 20,000 files, 25 MiB a file), and
// no page a reader's browser must take whole over 1 MB of HTML: checked on every file built.
const files = readdirSync(dist, { recursive: true, encoding: 'utf8' })
  .map((rel) => ({ rel, stat: statSync(path.join(dist, rel)) }))
  .filter((f) => f.stat.isFile());
const largest = (list: typeof files) => list.reduce((a, b) => (b.stat.size > a.stat.size ? b : a));
if (files.length > 20_000) fail(`${files.length} files in ${dist}, over the 20,000 a static host takes`);
const biggest = largest(files);
if (biggest.stat.size > 25 * 1024 * 1024) fail(`${biggest.rel} is ${biggest.stat.size} bytes, over a host's 25 MiB a file`);
const largestPage = largest(files.filter((f) => f.rel.endsWith('.html')));
if (largestPage.stat.size > 1_000_000) fail(`${largestPage.rel} is ${largestPage.stat.size} bytes of HTML, over 1 MB`);
console.log(`ok: ${files.length} files, the largest ${biggest.rel} (${(biggest.stat.size / 1e6).toFixed(2)} MB), the largest page ${largestPage.rel} (${(largestPage.stat.size / 1e6).toFixed(2)} MB of HTML)`);

const passages = await readPublishedPassages((sitePath) => readFile(path.join(dist, sitePath), 'utf8'));
// The middle passage of the archive: neither the first interview nor the last, and the same every run.
const passage = passages[Math.floor(passages.length / 2)]!;
const [pagePath, anchor] = passage.url.split('#') as [string, string];
const page = path.join(dist, pagePath, 'index.html');
if (!existsSync(page)) fail(`${passage.url} (from passages.json) has no page at ${page}`);
if (!readFileSync(page, 'utf8').includes(` id="${anchor}"`)) fail(`${page} has no element with id="${anchor}" for ${passage.url}`);
console.log(`ok: ${passage.url} of ${passages.length} passages resolves to an element with that id`);

// Questions of the real-archive evaluation set about the episodes built: at least one is answered,
// and every answer links to a passage of the site. (How well they are answered is `npm run eval`'s.)
const set = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/eval/seen-unseen.json'), 'utf8')) as { q: string; expect: string | null; interview?: string }[];
const questions = question ? [question] : set.filter((e) => e.expect !== null && e.interview && slugs.includes(e.interview)).map((e) => e.q).slice(0, 8);
if (questions.length === 0) fail('no question of tests/fixtures/eval/seen-unseen.json is about the episodes built');
let lines: string[] = [];
try {
  lines = execFileSync('npm', ['run', '--silent', 'ask', '--', '--json', '--dist', dist, ...questions], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n');
} catch (error) {
  fail(`npm run ask failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
}
const results = lines.map((l) => JSON.parse(l) as { question: string; abstained: boolean; answers: { url: string; speaker: string }[] });
const answered = results.filter((r) => !r.abstained && r.answers.length > 0);
if (answered.length === 0) fail(`none of ${questions.length} questions about these episodes got an answer: ${lines.join(' ')}`);
for (const { answers } of answered) {
  for (const { url } of answers) {
    const [at, id] = url.split('#') as [string, string];
    const file = path.join(dist, at, 'index.html');
    if (!existsSync(file) || !readFileSync(file, 'utf8').includes(` id="${id}"`)) fail(`answer ${url} leads to no passage`);
  }
}
console.log(`ok: ${answered.length} of ${questions.length} questions about these episodes answered, every answer linking to its passage (first: "${answered[0]!.question}" by ${answered[0]!.answers[0]!.speaker})`);
