/**
 * The answer index in shards, as Pagefind ships its search index: a reader fetches only what one
 * question needs. Passages are cut into consecutive runs (a passage shard holds their texts and
 * their int8 vectors); keyword postings are cut by term, each term in the shard its
 * hash names; the structure (which passages are interviewers' questions, which question each answer
 * follows) is one small file, since every question is scored against every passage.
 */
import { frequencyCode, frequencyFromCode, type KeywordIndex, type KeywordParams, type Postings } from './keyword.ts';
import { interviewOfPassage, type AskPassage } from './passage-data.ts';

/**
 * Passages per passage shard, at least. A passage shard holds its passages' texts and their int8
 * vectors (encodePassageShard): 32 vectors of 512 dimensions are 16.5 kB, their texts about 9 kB
 * compressed. A question scores a few dozen passages again on their exact vectors, and the answers
 * it shows are nearly always among them, so the texts it shows come with the vectors it read: one
 * file a shard, not a vector shard and then a passage shard.
 */
export const PASSAGES_PER_SHARD = 32;

/** An archive gets one term shard per this many passages (at least one). */
export const PASSAGES_PER_TERM_SHARD = 256;

/**
 * At most this many shards of each kind, however large the archive: static hosts cap a site's
 * files (Cloudflare Pages at 20,000), so past 96,000 passages passage shards grow instead of
 * multiplying, and past 256,000 term shards do. The real archive's 68,502 passages stay at the
 * smallest shards; a 1,000-episode archive (216,511 passages) gets 73 passages a shard, 2,966
 * files where it had 6,766.
 */
export const MAX_SHARDS = { passages: 3000, terms: 1000 } as const;

/** Passages per passage shard for an archive of `count` passages. */
export function passageShardSize(count: number): number {
  return Math.max(PASSAGES_PER_SHARD, Math.ceil(count / MAX_SHARDS.passages));
}

/**
 * A passage shard's bytes: the length of its texts part (uint32, little-endian), the texts (their
 * JSON, AskPassagesFile, gzip-compressed: compression.ts), zero bytes up to a multiple of four, then
 * the vectors as vectors.ts lays them out. Stored as it is: the texts are compressed already, and
 * int8 vectors do not compress.
 */
export function encodePassageShard(texts: Uint8Array, vectors: Uint8Array): Uint8Array {
  const at = vectorsOffset(texts.length);
  const bytes = new Uint8Array(at + vectors.length);
  new DataView(bytes.buffer).setUint32(0, texts.length, true);
  bytes.set(texts, 4);
  bytes.set(vectors, at);
  return bytes;
}

/** A passage shard's two parts (encodePassageShard); throws, naming `file`, when its bytes cannot hold them. */
export function splitPassageShard(bytes: Uint8Array, file: string): { texts: Uint8Array; vectors: Uint8Array } {
  const length = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) : -1;
  if (length < 0 || 4 + length > bytes.length) throw new Error(`${file} is damaged (its texts part runs past its end); rebuild and redeploy the site`);
  return { texts: bytes.subarray(4, 4 + length), vectors: bytes.subarray(Math.min(bytes.length, vectorsOffset(length))) };
}

function vectorsOffset(textsLength: number): number {
  return Math.ceil((4 + textsLength) / 4) * 4;
}

/** The shard holding passage `position`, for shards of `size` passages. */
export function shardOf(position: number, size: number): number {
  return Math.floor(position / size);
}

/** How many shards `count` passages make, in shards of `size` (at least one). */
export function shardCount(count: number, size: number): number {
  return Math.max(1, Math.ceil(count / size));
}

/** The shards holding the given passages, ascending and each once: all a reader fetches for them. */
export function shardsFor(positions: Iterable<number>, size: number): number[] {
  return [...new Set([...positions].map((p) => shardOf(p, size)))].sort((a, b) => a - b);
}

/** How many term shards an archive of `count` passages gets. */
export function termShardCount(count: number): number {
  return Math.min(MAX_SHARDS.terms, Math.max(1, Math.round(count / PASSAGES_PER_TERM_SHARD)));
}

/** The term shard a term lives in: FNV-1a of its UTF-16 code units, modulo the number of term shards. */
export function termShardOf(term: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/**
 * The file name of shard `n` of a kind, inside ask/: `passages/0007.bin`, `terms/0007.bin`.
 */
export function shardFile(kind: 'passages' | 'terms', n: number): string {
  return `${kind}/${String(n).padStart(4, '0')}.bin`;
}

/** Whether a path inside ask/ is a shard file of the index (what a dev server serves there). */
export function isShardFile(file: string): boolean {
  return /^(terms|passages)\/\d{4,}\.bin$/.test(file);
}

/** Which passages may answer, and which question each answer follows: what scoring reads of every passage. */
export type PassageStructure = {
  /** 1 for an interviewer's question (context, never an answer), else 0. */
  isQuestion: Uint8Array;
  /** Position of the question an answer follows, or -1. */
  question: Int32Array;
  /** For a later part of one long element (a turn split into passages), position of its first part; else -1. */
  turn: Int32Array;
  /**
   * The interview each passage is from, numbered from 0 in order of first appearance; absent in
   * indexes built before interviews lent their passages confidence.
   */
  interview?: Int32Array;
};

/** Each passage's interview, numbered from 0 in order of first appearance, from its id ("<interview>#<anchor>"). */
export function interviewNumbers(passages: readonly Pick<AskPassage, 'id'>[]): Int32Array {
  const numbers = new Map<string, number>();
  return Int32Array.from(passages, (p) => {
    const interview = interviewOfPassage(p.id);
    let n = numbers.get(interview);
    if (n === undefined) numbers.set(interview, (n = numbers.size));
    return n;
  });
}

/** The structure of a list of passages. */
export function passageStructure(passages: readonly Pick<AskPassage, 'id' | 'kind' | 'question' | 'turn'>[]): PassageStructure {
  return {
    isQuestion: Uint8Array.from(passages, (p) => (p.kind === 'question' ? 1 : 0)),
    question: Int32Array.from(passages, (p) => p.question ?? -1),
    turn: Int32Array.from(passages, (p) => p.turn ?? -1),
    interview: interviewNumbers(passages),
  };
}

/** What a reader needs to find its way in the shards without a manifest (for keyword answers when the manifest is lost). */
export type ShardLayout = { count: number; passageShardSize: number; termShards: number };

/**
 * `structure.bin`: the layout (passage count, passage shard size, term shard count, as varints),
 * then per passage one byte (1 = question), then per passage the distance back to its question as
 * a varint (0 = none), then a bit per passage (eight to a byte, lowest first): 1 when it continues
 * the turn of the passage before it, then the interviews as runs of passages: the number of runs,
 * then per run its interview's number and its length (varints; one run an interview, as a site
 * lists its passages). About three bytes a passage.
 */
export function encodeStructure(layout: ShardLayout, structure: PassageStructure): Uint8Array {
  const out = new ByteWriter();
  out.varint(layout.count);
  out.varint(layout.passageShardSize);
  out.varint(layout.termShards);
  out.bytes(structure.isQuestion);
  structure.question.forEach((q, i) => out.varint(q < 0 ? 0 : i - q));
  // The parts of a turn are consecutive: one bit a passage says whether it continues the turn of the one before.
  const continues = new Uint8Array(Math.ceil(structure.turn.length / 8));
  structure.turn.forEach((t, i) => {
    if (t < 0) return;
    if (i === 0 || (t !== i - 1 && t !== structure.turn[i - 1])) throw new Error(`passage ${i} continues a turn (of passage ${t}) that does not run up to it`);
    continues[i >> 3]! |= 1 << (i & 7);
  });
  out.bytes(continues);
  if (structure.interview) {
    const runs: [number, number][] = [];
    for (const n of structure.interview) {
      const last = runs.at(-1);
      if (last && last[0] === n) last[1]++;
      else runs.push([n, 1]);
    }
    out.varint(runs.length);
    for (const [n, length] of runs) {
      out.varint(n);
      out.varint(length);
    }
  }
  return out.finish();
}

/** Reads `structure.bin` back, refusing bytes that are not one (`file` names it). */
export function decodeStructure(bytes: Uint8Array, file: string): { layout: ShardLayout; structure: PassageStructure } {
  const input = new ByteReader(bytes, file);
  const layout: ShardLayout = { count: input.varint(), passageShardSize: input.varint(), termShards: input.varint() };
  if (layout.passageShardSize < 1 || layout.termShards < 1) throw new Error(`${file} is damaged (no shards); rebuild and redeploy the site`);
  const { count } = layout;
  const isQuestion = input.bytes(count).slice();
  const question = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const back = input.varint();
    if (back > i) throw new Error(`${file} is damaged (passage ${i} follows a question before the first passage); rebuild and redeploy the site`);
    question[i] = back === 0 ? -1 : i - back;
  }
  const continues = input.bytes(Math.ceil(count / 8));
  const turn = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    if (!(continues[i >> 3]! & (1 << (i & 7)))) continue;
    if (i === 0) throw new Error(`${file} is damaged (its first passage continues a turn); rebuild and redeploy the site`);
    turn[i] = turn[i - 1]! >= 0 ? turn[i - 1]! : i - 1;
  }
  // Indexes built before interviews lent their passages confidence end here.
  if (input.done()) {
    input.end();
    return { layout, structure: { isQuestion, question, turn } };
  }
  const interview = new Int32Array(count);
  const runs = input.varint();
  let at = 0;
  for (let r = 0; r < runs; r++) {
    const n = input.varint();
    const length = input.varint();
    if (length === 0 || at + length > count || n > r) throw new Error(`${file} is damaged (its interviews do not cover its passages); rebuild and redeploy the site`);
    interview.fill(n, at, at + length);
    at += length;
  }
  if (at !== count) throw new Error(`${file} is damaged (its interviews hold ${at} of ${count} passages); rebuild and redeploy the site`);
  input.end();
  return { layout, structure: { isQuestion, question, turn, interview } };
}

/**
 * The keyword postings of an index cut into term shards. Each shard: the number of terms (varint),
 * then per term its UTF-8 length, bytes and posting count (varints), then per term its passages as
 * ascending gaps (varints) and its frequencies (16 bits each, keyword.ts frequencyCode, little-endian).
 */
export function encodeTermShards(index: KeywordIndex, shards: number): Uint8Array[] {
  const groups = Array.from({ length: shards }, () => [] as [string, Postings][]);
  for (const entry of [...index.postings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) groups[termShardOf(entry[0], shards)]!.push(entry);
  const encoder = new TextEncoder();
  return groups.map((group) => {
    const out = new ByteWriter();
    out.varint(group.length);
    for (const [term, list] of group) {
      const name = encoder.encode(term);
      out.varint(name.length);
      out.bytes(name);
      out.varint(list.passages.length);
    }
    for (const [, list] of group) {
      let previous = 0;
      for (const p of list.passages) {
        out.varint(p - previous);
        previous = p;
      }
      for (const f of list.frequencies) out.uint16(frequencyCode(f));
    }
    return out.finish();
  });
}

/** Reads a term shard back into postings by term; `file` names it in any error. */
export function decodeTermShard(bytes: Uint8Array, file: string): Map<string, Postings> {
  const input = new ByteReader(bytes, file);
  const decoder = new TextDecoder();
  const heads: [string, number][] = [];
  const terms = input.varint();
  for (let t = 0; t < terms; t++) {
    const name = decoder.decode(input.bytes(input.varint()));
    heads.push([name, input.varint()]);
  }
  const postings = new Map<string, Postings>();
  for (const [term, n] of heads) {
    const passages = new Uint32Array(n);
    let previous = 0;
    for (let k = 0; k < n; k++) passages[k] = previous += input.varint();
    const frequencies = new Float32Array(n);
    for (let k = 0; k < n; k++) frequencies[k] = frequencyFromCode(input.uint16());
    postings.set(term, { passages, frequencies });
  }
  input.end();
  return postings;
}

/** A keyword index of `count` passages holding the postings of the term shards read so far. */
export function termShardIndex(count: number, params: KeywordParams, shards: Iterable<Map<string, Postings>>): KeywordIndex {
  const postings = new Map<string, Postings>();
  for (const shard of shards) for (const [term, list] of shard) postings.set(term, list);
  return { params, count, postings };
}

/** A list of ascending passage positions as bytes: their count, then the gaps between them (varints). */
export function encodePositions(positions: readonly number[]): Uint8Array {
  const out = new ByteWriter();
  out.varint(positions.length);
  let previous = 0;
  for (const p of positions) {
    out.varint(p - previous);
    previous = p;
  }
  return out.finish();
}

/** Reads positions written by encodePositions, refusing any beyond `count` passages; `file` names it in any error. */
export function decodePositions(bytes: Uint8Array, file: string, count: number): Uint32Array {
  const input = new ByteReader(bytes, file);
  const positions = new Uint32Array(input.varint());
  let previous = 0;
  for (let k = 0; k < positions.length; k++) positions[k] = previous += input.varint();
  input.end();
  if (positions.length > 0 && positions[positions.length - 1]! >= count) throw new Error(`${file} is damaged (a position past the last passage); rebuild and redeploy the site`);
  return positions;
}

class ByteWriter {
  private buffer = new Uint8Array(1024);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  varint(value: number): void {
    this.room(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  uint16(value: number): void {
    this.room(2);
    new DataView(this.buffer.buffer).setUint16(this.length, value, true);
    this.length += 2;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

class ByteReader {
  private at = 0;
  private readonly input: Uint8Array;
  private readonly file: string;
  private readonly view: DataView;

  constructor(input: Uint8Array, file: string) {
    this.input = input;
    this.file = file;
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  private need(n: number): void {
    if (this.at + n > this.input.length) throw new Error(`${this.file} is damaged (it ends early); rebuild and redeploy the site`);
  }

  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.input[this.at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new Error(`${this.file} is damaged (a number runs on); rebuild and redeploy the site`);
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.input.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  uint16(): number {
    this.need(2);
    const value = this.view.getUint16(this.at, true);
    this.at += 2;
    return value;
  }

  /** Whether every byte has been read. */
  done(): boolean {
    return this.at === this.input.length;
  }

  end(): void {
    if (this.at !== this.input.length) throw new Error(`${this.file} is damaged (${this.input.length - this.at} bytes past its end); rebuild and redeploy the site`);
  }
}
