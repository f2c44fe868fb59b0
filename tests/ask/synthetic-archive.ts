/**
 * A synthetic archive for the pure tests of the sharded index: interviews of questions and answers
 * whose vectors cluster by interview topic and whose words are drawn from a fixed vocabulary, all
 * from a seeded generator, so every run sees the same archive.
 */
import { createAskIndex, type AskIndex } from '../../src/lib/ask/answer.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { quantizeVectors } from '../../src/lib/ask/vectors.ts';

/** A seeded generator of floats in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'rail city budget school river market energy grid housing water policy tax trade farm port bridge tunnel school nurse doctor'.split(' ');

/** A unit vector near `centre`, `noise` apart. */
export function near(centre: Float32Array, noise: number, random: () => number): Float32Array {
  const v = centre.map((x) => x + noise * (random() * 2 - 1));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** `count` passages in interviews of 20 (every fifth a question, the next ones its answers, the last three of them one turn), with `dims`-dimension unit vectors. */
export function syntheticArchive(count: number, dims = 64, seed = 7): { index: AskIndex; floats: Float32Array[]; random: () => number } {
  const random = seeded(seed);
  const topics = Array.from({ length: 12 }, () => near(new Float32Array(dims), 1, random));
  const passages: AskPassage[] = [];
  const floats: Float32Array[] = [];
  let question = -1;
  for (let i = 0; i < count; i++) {
    const interview = Math.floor(i / 20);
    const isQuestion = i % 5 === 0;
    if (isQuestion) question = i;
    const text = Array.from({ length: 6 + Math.floor(random() * 10) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ') + '.';
    passages.push({
      id: `i${interview}#p${i}`,
      kind: isQuestion ? 'question' : 'answer',
      url: `/i${interview}/#p${i}`,
      text,
      speaker: 'Someone',
      voices: ['Someone'],
      interview: `Interview ${interview}`,
      published: null,
      topics: [],
      ...(isQuestion || i % 20 < 5 ? {} : { question }),
      // The last two answers to a question continue the turn of the one before them: one long answer split in three.
      ...(i % 5 >= 3 ? { turn: i - (i % 5) + 2 } : {}),
    });
    floats.push(near(topics[interview % topics.length]!, 0.9, random));
  }
  return { index: createAskIndex(passages, quantizeVectors(floats, dims)), floats, random };
}
