/**
 * `node scripts/ci/corpus-facts.ts <content> <dist> [question]`: facts a built corpus must hold: every imported
 * interview has its page, a passage's URL from /passages.json leads to an element with its anchor
 * as id, and a question gets an answer from `npm run ask`. Prints each fact; exits 1 on the first false one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readPublishedPassages } from '../../src/lib/published-passages.ts';

// The default question is one the corpus (a podcast on Indian economics and politics) answers.
const [content, dist, question = 'What is the role of the state in India?'] = process.argv.slice(2) as [string, string, string?];
const fail = (message: string): never => {
  console.error(`Corpus check failed: ${message}`);
  process.exit(1);
};

const slugs = readdirSync(path.join(content, 'interviews')).filter((f) => f.endsWith('.mdx')).map((f) => f.slice(0, -4));
const missing = slugs.filter((slug) => !existsSync(path.join(dist, 'interviews', slug, 'index.html')));
if (missing.length > 0) fail(`${missing.length} of ${slugs.length} interviews have no page, first ${missing[0]}`);
console.log(`ok: all ${slugs.length} interviews have pages`);

const passages = await readPublishedPassages((sitePath) => readFile(path.join(dist, sitePath), 'utf8'));
// The middle passage of the archive: neither the first interview nor the last, and the same every run.
const passage = passages[Math.floor(passages.length / 2)]!;
const [pagePath, anchor] = passage.url.split('#') as [string, string];
const page = path.join(dist, pagePath, 'index.html');
if (!existsSync(page)) fail(`${passage.url} (from passages.json) has no page at ${page}`);
if (!readFileSync(page, 'utf8').includes(` id="${anchor}"`)) fail(`${page} has no element with id="${anchor}" for ${passage.url}`);
console.log(`ok: ${passage.url} of ${passages.length} passages resolves to an element with that id`);

let line = '';
try {
  line = execFileSync('npm', ['run', '--silent', 'ask', '--', '--json', '--dist', dist, question], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').at(-1)!;
} catch (error) {
  fail(`npm run ask failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
}
const result = JSON.parse(line) as { abstained: boolean; answers: { url: string; speaker: string }[] };
if (result.abstained || result.answers.length === 0) fail(`"${question}" got no answer: ${line}`);
console.log(`ok: "${question}" answered by ${result.answers[0]!.speaker} at ${result.answers[0]!.url}`);
