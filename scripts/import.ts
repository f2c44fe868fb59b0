/** `npm run import -- <file or folder>... [options]`: transcripts into MDX interviews (src/build/import/). */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { addSpeakerArg, parseSpeakerMapping } from '../src/lib/import/cast.ts';
import { ImportFailure, importTranscripts } from '../src/build/import/import-transcripts.ts';
import { ImportError } from '../src/lib/import/transcript.ts';

const USAGE =
  'npm run import -- <file or folder>... [--metadata <file>] [--out <content folder>] [--force] ' +
  '[--host NAME]... [--speaker [EPISODE:]LABEL=person-id]... [--speakers mapping.json] [--publication NAME] ' +
  '[--media URL-TEMPLATE, e.g. https://example.org/audio/{episode}.mp3]';

function main(argv: readonly string[]): void {
  const inputs: string[] = [];
  const hosts: string[] = [];
  const mapping = { labels: {} as Record<string, string>, episodes: new Map<number | string, Record<string, string>>() };
  const exclude: string[] = [];
  let out = 'content';
  let metadata: string | undefined;
  let publication: string | undefined;
  let mediaTemplate: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value. Usage: ${USAGE}`);
      return v;
    };
    if (arg === '--force') force = true;
    else if (arg === '--out') out = value();
    else if (arg === '--metadata') metadata = value();
    else if (arg === '--publication') publication = value();
    else if (arg === '--media') mediaTemplate = value();
    else if (arg === '--host') hosts.push(value());
    else if (arg === '--speaker') addSpeakerArg(mapping, value());
    else if (arg === '--speakers') {
      const file = value();
      if (!existsSync(file)) throw new Error(`${file}  speakers: a mapping file {"Label": "person-id"}, found nothing there`);
      const read = parseSpeakerMapping(readFileSync(file, 'utf8'), file);
      Object.assign(mapping.labels, read.labels);
      for (const [k, v] of read.episodes) mapping.episodes.set(k, { ...mapping.episodes.get(k), ...v });
      exclude.push(file);
    } else if (arg === '--help' || arg === '-h') {
      console.log(`Usage: ${USAGE}`);
      return;
    } else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}. Usage: ${USAGE}`);
    else inputs.push(arg);
  }
  if (!inputs.length) throw new Error(`Name at least one transcript file or folder. Usage: ${USAGE}`);

  const started = performance.now();
  const report = importTranscripts({
    inputs,
    out,
    force,
    exclude,
    ...(metadata ? { metadata } : {}),
    ...(publication ? { publication } : {}),
    ...(mediaTemplate ? { mediaTemplate } : {}),
    speakers: { hosts, labels: mapping.labels, episodes: mapping.episodes },
    log: (line) => console.log(line),
  });
  for (const [label, seen] of report.hosts) {
    console.log(`host: "${label}" in ${seen.episodes} episode${seen.episodes === 1 ? '' : 's'}${seen.guessed ? ` (${seen.guessed} guessed: the speaker who asks most questions; correct with --host)` : ''}`);
  }
  const counts = new Map<string, number>();
  for (const g of report.hostGuesses) counts.set(g.label, (counts.get(g.label) ?? 0) + 1);
  const usual = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const odd = report.hostGuesses.filter((g) => g.label !== usual);
  if (usual && odd.length) {
    console.log(`host guessed as someone other than "${usual}" in ${odd.map((g) => `${g.file} ("${g.label}")`).join(', ')}: check them, and pass --host "${usual}" if they are slips`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${report.interviews} interviews from ${report.sources} files (${report.duplicates.length} duplicate${report.duplicates.length === 1 ? '' : 's'} left out) into ${out}: ` +
      `${report.written} written, ${report.unchanged} unchanged, ${report.people} new people, ${(report.bytes / 1e6).toFixed(1)} MB, in ${seconds} s`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ImportFailure || error instanceof ImportError) console.error(`error: ${error.message}`);
  else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
