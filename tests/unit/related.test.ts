import { describe, expect, it } from 'vitest';
import { trainCoarseCodes } from '../../src/lib/ask/coarse.ts';
import { quantizeVectors } from '../../src/lib/ask/vectors.ts';
import { relatedEligible, relatedFiles, relatedPassages, textOpening } from '../../src/lib/related.ts';

/** Unit vectors: `themes` random directions, each passage one of them plus noise, in `groups` interviews. */
function archive(count: number, dims: number, themes: number, groups: number) {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const unit = (v: Float32Array) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const centres = Array.from({ length: themes }, () => unit(Float32Array.from({ length: dims }, random)));
  const theme = Int32Array.from({ length: count }, (_, i) => (i * 7) % themes);
  const floats = Array.from({ length: count }, (_, i) => unit(centres[theme[i]!]!.map((x) => x + 0.08 * random())));
  const group = Int32Array.from({ length: count }, (_, i) => Math.floor((i * groups) / count));
  const vectors = quantizeVectors(floats, dims);
  return { vectors, coarse: trainCoarseCodes(vectors), theme, group };
}

describe('also said about this', () => {
  it('finds for each passage near passages of other interviews only, one per interview, best first, from its own theme', () => {
    const { vectors, coarse, theme, group } = archive(2000, 128, 40, 50);
    const eligible = new Uint8Array(2000).fill(1);
    const related = relatedPassages(vectors, coarse, group, eligible);
    let linked = 0;
    for (let i = 0; i < 2000; i++) {
      const found = [...related.neighbours.subarray(i * 3, i * 3 + 3)].filter((j) => j >= 0);
      if (found.length) linked++;
      expect(found.every((j) => group[j] !== group[i])).toBe(true);
      expect(new Set(found.map((j) => group[j])).size).toBe(found.length);
      expect(found.every((j) => theme[j] === theme[i])).toBe(true);
      const scores = [...related.scores.subarray(i * 3, i * 3 + found.length)];
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    expect(linked).toBeGreaterThan(1900);
  });

  it('links few passages where nothing is close: in an archive of unrelated random directions, only the chance outliers above the floor', () => {
    const { vectors, coarse, group } = archive(600, 128, 600, 30);
    const related = relatedPassages(vectors, coarse, group, new Uint8Array(600).fill(1));
    let linked = 0;
    for (let i = 0; i < 600; i++) if (related.neighbours[i * 3]! >= 0) linked++;
    expect(linked).toBeLessThan(600 * 0.4);
  });

  it('gives neighbours only to eligible passages, and ships their opening words verbatim', () => {
    expect(relatedEligible('question', 'word '.repeat(40))).toBe(false);
    expect(relatedEligible('answer', 'Yes, right.')).toBe(false);
    expect(relatedEligible('answer', 'word '.repeat(12))).toBe(true);
    const text = 'One  two,\u00a0three — four “five” six seven eight nine ten eleven twelve thirteen.';
    expect(textOpening(text, 5)).toEqual({ text: 'One  two,\u00a0three — four', cut: true });
    expect(textOpening(text, 50)).toEqual({ text, cut: false });

    const { vectors, coarse, group } = archive(40, 64, 4, 4);
    const related = relatedPassages(vectors, coarse, group, new Uint8Array(40).fill(1));
    const sources = Array.from({ length: 40 }, (_, i) => ({
      interview: `i${group[i]}`,
      interviewTitle: `Interview ${group[i]}`,
      anchor: `p${i}`,
      voices: [`Speaker ${i}`],
      text: `Passage ${i} says ${'something '.repeat(40)}`,
      url: `/interviews/i${group[i]}/#p${i}`,
    }));
    const files = relatedFiles(sources, related);
    expect(files.size).toBeGreaterThan(0);
    for (const [slug, file] of files) {
      for (const entries of Object.values(file.passages)) {
        for (const [at, anchor, speaker, opening, cut] of entries) {
          const other = sources.find((s) => s.anchor === anchor)!;
          expect(other.interview).not.toBe(slug);
          expect(file.interviews[at]!.url).toBe(`/interviews/${other.interview}/`);
          expect(speaker).toBe(other.voices.join(', '));
          expect(other.text.startsWith(opening)).toBe(true);
          expect(cut).toBe(1);
        }
      }
    }
  });
});
