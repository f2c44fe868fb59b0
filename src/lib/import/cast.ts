import { slugify } from '../anchors.ts';
import { episodeNumber, plainSummary } from './metadata.ts';
import { endsWithQuestion, type EpisodeCast } from './to-mdx.ts';
import { fail, shown, type Transcript } from './transcript.ts';

/** Who speaks, as the user tells the importer: host names and label-to-person mappings. */
export interface SpeakerOptions {
  /** Labels or person ids of the hosts, for every episode. */
  hosts: readonly string[];
  /** Label → person id, for every episode. */
  labels: Readonly<Record<string, string>>;
  /** Episode (number, or file name) → label → person id, overriding `labels` there. */
  episodes: ReadonlyMap<number | string, Readonly<Record<string, string>>>;
}

/** An episode as the cast needs it. */
export interface EpisodeRef {
  /** The interview's slug: per-episode people are named after it. */
  slug: string;
  file: string;
  number?: number;
  title?: string;
  description?: string;
}

/** A person an imported interview needs: written to content/people/<id>.yaml unless it exists. */
export interface PersonDraft {
  id: string;
  name: string;
  role: string;
}

/** The speakers of one episode, and what the importer guessed to find them (printed for the user to correct). */
export interface EpisodeCastResult {
  cast: EpisodeCast;
  people: PersonDraft[];
  /** Labels taken as hosts, and whether that was a guess. */
  hostLabels: string[];
  hostGuessed: boolean;
  /** One line per guess or doubt. */
  notes: string[];
}

const PERSON_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The person every unlabelled or unreliable turn is imported as: the words are kept, under this name. */
export const UNKNOWN_SPEAKER: PersonDraft = { id: 'unknown-speaker', name: 'Unknown speaker', role: 'Speaker the transcript does not identify' };

/** Labels that say the source does not know who speaks ("Unknown", "?"). */
export function isUnreliableLabel(label: string | undefined): boolean {
  return label === undefined || /^(?:unknown|unidentified|unk|n\/a|\?+)(?:[ _-]?speaker)?(?:[ _-]?\d+)?$/i.test(label.trim());
}

/** Labels that name a role, not a person ("Guest", "Guest 2", "Speaker 1", "SPEAKER_00"): one person per episode. */
export function isGenericLabel(label: string): boolean {
  return /^(?:guest|speaker|spk|host|interviewer|interviewee|participant|caller|voice)(?:[ _-]?\d+)?$/i.test(label.trim());
}

/** Parses `--speaker LABEL=person-id` or `--speaker E12:LABEL=person-id` into the options. */
export function addSpeakerArg(options: { labels: Record<string, string>; episodes: Map<number | string, Record<string, string>> }, arg: string): void {
  const m = /^(?:([^:=]+):)?([^=]+)=([^=]+)$/.exec(arg);
  if (!m) fail('--speaker', undefined, 'speaker', `LABEL=person-id or EPISODE:LABEL=person-id (such as E12:Guest=suyash-rai), found ${shown(arg)}`);
  const [, episode, label, id] = m;
  addMapping(options, episode?.trim(), label!.trim(), id!.trim(), '--speaker');
}

/**
 * Reads a speaker mapping file: `{"Label": "person-id", "E12": {"Guest": "person-id"}}`; a key
 * that names an episode (E12, 12, or a file name such as E12.json) holds that episode's mappings.
 */
export function parseSpeakerMapping(text: string, file: string): { labels: Record<string, string>; episodes: Map<number | string, Record<string, string>> } {
  const options = { labels: {} as Record<string, string>, episodes: new Map<number | string, Record<string, string>>() };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(file, undefined, 'json', `valid JSON, found an error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(file, 1, 'speakers', 'an object {"Label": "person-id", "E12": {"Guest": "person-id"}}');
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') addMapping(options, undefined, key, value, file);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [label, id] of Object.entries(value)) {
        if (typeof id !== 'string') fail(file, undefined, `${key}.${label}`, `a person id, found ${shown(JSON.stringify(id))}`);
        addMapping(options, key, label, id, file);
      }
    } else fail(file, undefined, key, `a person id, or an object of label: person id for one episode, found ${shown(JSON.stringify(value))}`);
  }
  return options;
}

function addMapping(
  options: { labels: Record<string, string>; episodes: Map<number | string, Record<string, string>> },
  episode: string | undefined,
  label: string,
  id: string,
  source: string,
): void {
  if (!PERSON_ID.test(id)) fail(source, undefined, label, `a person id of lower-case letters, digits and hyphens, found ${shown(id)}`);
  if (episode === undefined) {
    options.labels[label] = id;
    return;
  }
  const key = episodeNumber(episode) ?? episode;
  const map = options.episodes.get(key) ?? {};
  map[label] = id;
  options.episodes.set(key, map);
}

/** A display name from a person id: "suyash-rai" → "Suyash Rai". */
export function nameFromId(id: string): string {
  return id.split('-').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
}

/**
 * Names of guests as an episode's description or title gives them: the person who "joins" the
 * host, or whom the host "is joined by", "chats with", "speaks with", "talks to" or is "in
 * conversation with". A name is two to four capitalised words (a first name alone is completed
 * from elsewhere in the text); the hosts' own names are left out. Empty when nothing reads so.
 */
export function guessGuestNames(text: string, hostNames: readonly string[]): string[] {
  const plain = plainSummary(text);
  const word = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
  const hostWords = new Set(hostNames.flatMap((h) => h.split(/\s+/)));
  const isName = (run: string) => !run.split(' ').some((w) => hostWords.has(w)) && !/^(?:The|Episode|In|On|And|But|So)\b/.test(run);
  // A run after "the" or "a" is an epithet ("the Shah Rukh Khan of Economics"), not a name.
  const runsIn = (side: string) => [...side.matchAll(new RegExp(`${word}(?: ${word}){1,5}`, 'gu'))]
    .filter((m) => !/\b(?:the|a|an)\s+$/i.test(side.slice(0, m.index)))
    .map((m) => personName(m[0])).filter((r): r is string => !!r && isName(r));
  const sentences = plain.split(/(?<=[.!?])\s+/);
  const names: string[] = [];
  for (const sentence of sentences) {
    const joins = /\b(join|joins|is joined by|are joined by|chats with|speaks with|talks to|talks with|in conversation with|converses with)\b/.exec(sentence);
    if (!joins) continue;
    const before = sentence.slice(0, joins.index);
    const after = sentence.slice(joins.index + joins[0].length);
    const side = /^(?:join|joins)$/.test(joins[1]!) ? before : after;
    const runs = runsIn(side);
    if (runs.length) {
      // "A and B join ..." names two; otherwise the first name in the clause.
      const both = /^(?:join)$/.test(joins[1]!) ? runs.slice(-2) : runs.slice(0, 1);
      names.push(...both);
    } else if (/^(?:join|joins)$/.test(joins[1]!)) {
      const single = new RegExp(`(${word})\\s+$`, 'u').exec(before.replace(/\bhost\s*$/, ''));
      const full = single && runsIn(plain).find((r) => r.startsWith(`${single[1]} `));
      if (full) names.push(full);
    }
    if (names.length) break;
  }
  return [...new Set(names)];
}

/**
 * A person's name from a run of capitalised words: cut before a possessive ("Richard Thaler’s Nobel
 * Prize"), without the descriptions a sentence puts before a name ("Historian", "Foreign Policy
 * Realist", "Dr"), two to four words; undefined when fewer than two are left.
 */
function personName(run: string): string | undefined {
  const words = run.split(' ');
  const possessive = words.findIndex((w) => /['’]s$/.test(w));
  if (possessive >= 0) words.length = possessive;
  const describes = /^(?:\p{Lu}\p{Ll}+(?:ist|ists|ian|ians|er|ers|or|ors|ic|ics|al)|Foreign|Policy|Actors?|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Prof\.?|Professor)$/u;
  while (words.length > 2 && describes.test(words[0]!)) words.shift();
  return words.length >= 2 && words.length <= 4 ? words.join(' ') : undefined;
}

/**
 * Works out who speaks in one episode. Hosts are the `--host` labels or ids; without them, the
 * reliable label that asks most questions (turns ending with "?"), the first to speak on a tie.
 * A label that names a person is that person in every episode; a generic label ("Guest") is a
 * person of this episode, named from the metadata when the description names exactly as many
 * guests as the transcript has generic labels; "Unknown" and unlabelled turns are the unknown
 * speaker. Mappings from the user win over all of it.
 */
export function castEpisode(transcript: Transcript, episode: EpisodeRef, options: SpeakerOptions): EpisodeCastResult {
  const notes: string[] = [];
  const speech = transcript.turns.filter((t) => t.kind === 'speech');
  const labels = [...new Set(speech.map((t) => t.speaker))];
  const mapped: Record<string, string> = { ...options.labels, ...(episodeMappings(options, episode) ?? {}) };

  const questions = new Map<string, number>();
  for (const t of speech) {
    if (t.speaker !== undefined && !isUnreliableLabel(t.speaker) && endsWithQuestion(t.paragraphs.at(-1) ?? '')) {
      questions.set(t.speaker, (questions.get(t.speaker) ?? 0) + 1);
    }
  }
  const reliable = labels.filter((l): l is string => l !== undefined && !isUnreliableLabel(l));
  let hostLabels: string[] = [];
  let hostGuessed = false;
  if (options.hosts.length) {
    const wanted = new Set(options.hosts.map((h) => h.toLowerCase()));
    hostLabels = reliable.filter((l) => wanted.has(l.toLowerCase()) || wanted.has((mapped[l] ?? slugify(l)).toLowerCase()));
    if (!hostLabels.length) notes.push(`no speaker matches --host ${options.hosts.join(', ')}; guessing`);
  }
  if (!hostLabels.length && reliable.length) {
    const best = reliable.reduce((a, b) => ((questions.get(b) ?? 0) > (questions.get(a) ?? 0) ? b : a));
    hostLabels = [best];
    hostGuessed = true;
    const total = [...questions.values()].reduce((a, b) => a + b, 0);
    notes.push(total
      ? `host (guessed): "${best}", who asks ${questions.get(best) ?? 0} of the ${total} questions`
      : `host (guessed): "${best}", the first to speak (no turn ends with "?")`);
  }

  const generic = reliable.filter((l) => !hostLabels.includes(l) && isGenericLabel(l) && !mapped[l]);
  const hostNames = hostLabels.filter((l) => !isGenericLabel(l));
  let guessed = new Map<string, string>();
  if (generic.length) {
    const names = guessGuestNames(`${episode.description ?? ''} ${episode.title ?? ''}`, hostNames);
    if (names.length === generic.length && generic.length === 1) {
      guessed = new Map([[generic[0]!, names[0]!]]);
      notes.push(`"${generic[0]}" is ${names[0]} (guessed from the metadata)`);
    } else if (names.length) {
      notes.push(`not guessed: ${generic.map((g) => `"${g}"`).join(', ')} and the metadata names ${names.join(', ')}; map them with --speaker`);
    }
  }

  const people = new Map<string, PersonDraft>();
  const idOfLabel = new Map<string | undefined, string>();
  for (const label of labels) {
    const id = personFor(label, episode, mapped, guessed, hostLabels, people);
    idOfLabel.set(label, id);
  }
  const hosts = new Set(hostLabels.map((l) => idOfLabel.get(l)!));
  // In order of first words, with the unidentified speaker last: it is nobody a reader looks for.
  const order = [...new Set(labels.map((l) => idOfLabel.get(l)!))]
    .sort((a, b) => Number(a === UNKNOWN_SPEAKER.id) - Number(b === UNKNOWN_SPEAKER.id));
  const interviewers = order.filter((id) => hosts.has(id));
  let interviewees = order.filter((id) => !hosts.has(id));
  if (!interviewees.length) {
    interviewees = interviewers;
    notes.push('only the host speaks: listed as interviewee too');
  }
  return {
    cast: { idOf: (label) => idOfLabel.get(label) ?? UNKNOWN_SPEAKER.id, hosts, interviewers, interviewees },
    people: [...people.values()],
    hostLabels,
    hostGuessed,
    notes,
  };
}

function episodeMappings(options: SpeakerOptions, episode: EpisodeRef): Readonly<Record<string, string>> | undefined {
  const base = episode.file.replace(/^.*[\\/]/, '');
  return (
    options.episodes.get(base) ??
    options.episodes.get(base.replace(/\.[^.]+$/, '')) ??
    (episode.number !== undefined ? options.episodes.get(episode.number) : undefined)
  );
}

function personFor(
  label: string | undefined,
  episode: EpisodeRef,
  mapped: Record<string, string>,
  guessed: Map<string, string>,
  hostLabels: readonly string[],
  people: Map<string, PersonDraft>,
): string {
  const role = label !== undefined && hostLabels.includes(label) ? 'Host' : 'Guest';
  const add = (draft: PersonDraft) => {
    if (!people.has(draft.id)) people.set(draft.id, draft);
    return draft.id;
  };
  const given = label !== undefined ? mapped[label] : undefined;
  if (given) return add({ id: given, name: label && !isGenericLabel(label) && !isUnreliableLabel(label) ? label : nameFromId(given), role });
  if (isUnreliableLabel(label)) return add(UNKNOWN_SPEAKER);
  const name = guessed.get(label!);
  if (name) return add({ id: slugify(name), name, role });
  if (isGenericLabel(label!)) {
    const of = episode.number !== undefined ? `episode ${episode.number}` : episode.slug;
    return add({ id: `${episode.slug}-${slugify(label!)}`, name: `${label} of ${of}`, role });
  }
  return add({ id: slugify(label!) || `${episode.slug}-speaker`, name: label!, role });
}
