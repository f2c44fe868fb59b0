import { describe, expect, it } from 'vitest';
import { trainCoarseCodes } from '../../src/lib/ask/coarse.ts';
import { quantizeVectors } from '../../src/lib/ask/vectors.ts';
import { DEFAULT_RELATED_OPTIONS, relatedEligible, relatedFiles, relatedPassages, textOpening, updateRelated, type RelatedPassages } from '../../src/lib/related.ts';

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
  return { vectors, coarse: trainCoarseCodes(vectors), theme, group, floats, centres };
}

const listOf = (related: RelatedPassages, i: number) => [...related.neighbours.subarray(i * 3, i * 3 + 3)].filter((j) => j >= 0);

/** What every passage's neighbours must be: of other interviews, one per interview, best first, at or above the floor. */
function expectWellFormed(related: RelatedPassages, group: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const found = listOf(related, i);
    expect(found.every((j) => group[j] !== group[i]), `passage ${i}`).toBe(true);
    expect(new Set(found.map((j) => group[j])).size).toBe(found.length);
    const scores = [...related.scores.subarray(i * 3, i * 3 + found.length)];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((x) => x >= related.floor)).toBe(true);
  }
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

  describe('after a small change to the archive', () => {
    const count = 2000;
    const built = archive(count, 128, 40, 50);
    const eligible = new Uint8Array(count).fill(1);
    const first = relatedPassages(built.vectors, built.coarse, built.group, eligible);
    const keys = Array.from({ length: count }, (_, i) => `p${i}`);
    const state = { options: DEFAULT_RELATED_OPTIONS, changedSinceTraining: 0, keys, related: first };

    it('keeps every neighbour when nothing changed', () => {
      const update = updateRelated(state, keys, built.vectors, built.coarse, built.group, eligible)!;
      expect(update.changed).toBe(0);
      expect([...update.related.neighbours]).toEqual([...first.neighbours]);
      expect([...update.related.scores]).toEqual([...first.scores]);
    });

    it('searches again the changed passage and those that had it as a neighbour, and agrees with a full pass nearly everywhere', () => {
      // Passage 5 now speaks of another theme.
      const moved = 5;
      const newTheme = (built.theme[moved]! + 1) % 40;
      const floats = [...built.floats];
      floats[moved] = built.centres[newTheme]!.map((x, d) => x + 0.01 * Math.sin(d));
      const vectors = quantizeVectors(floats.map((v) => { const n = Math.hypot(...v); return v.map((x) => x / n); }), 128);
      const coarse = trainCoarseCodes(vectors);
      const theme = Int32Array.from(built.theme, (t, i) => (i === moved ? newTheme : t));
      const changedKeys = keys.map((k, i) => (i === moved ? 'p5, changed' : k));
      const update = updateRelated(state, changedKeys, vectors, coarse, built.group, eligible)!;
      expect(update.changed).toBe(2);
      const related = update.related;
      expectWellFormed(related, built.group, count);
      expect(listOf(related, moved).length).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) expect(listOf(related, i).every((j) => theme[j] === theme[i]), `passage ${i}`).toBe(true);
      // Every passage the change does not touch keeps its neighbours as they were: nothing was searched again for it.
      for (let i = 0; i < count; i++) {
        if (i === moved || listOf(first, i).includes(moved) || listOf(related, i).includes(moved)) continue;
        expect(listOf(related, i), `passage ${i}`).toEqual(listOf(first, i));
      }
      const full = relatedPassages(vectors, coarse, built.group, eligible);
      let same = 0;
      for (let i = 0; i < count; i++) if (JSON.stringify(listOf(full, i)) === JSON.stringify(listOf(related, i))) same++;
      expect(same / count).toBeGreaterThan(0.95);
    });

    it('gives an added interview\u2019s passages neighbours, and offers them to the passages that would meet them', () => {
      const extra = archive(count + 40, 128, 40, 50);
      // The first 2,000 as before, then 40 passages of a new interview, on the same themes.
      const floats = [...built.floats, ...extra.floats.slice(0, 40)];
      const vectors = quantizeVectors(floats, 128);
      const coarse = trainCoarseCodes(vectors);
      const group = Int32Array.from({ length: count + 40 }, (_, i) => (i < count ? built.group[i]! : 50));
      const theme = Int32Array.from({ length: count + 40 }, (_, i) => (i < count ? built.theme[i]! : extra.theme[i - count]!));
      const more = [...keys, ...Array.from({ length: 40 }, (_, i) => `new${i}`)];
      const update = updateRelated(state, more, vectors, coarse, group, new Uint8Array(count + 40).fill(1))!;
      expect(update.changed).toBe(40);
      expectWellFormed(update.related, group, count + 40);
      for (let i = count; i < count + 40; i++) {
        expect(listOf(update.related, i).length, `new passage ${i}`).toBeGreaterThan(0);
        expect(listOf(update.related, i).every((j) => theme[j] === theme[i])).toBe(true);
      }
      let linkedToNew = 0;
      for (let i = 0; i < count; i++) if (listOf(update.related, i).some((j) => j >= count)) linkedToNew++;
      expect(linkedToNew).toBeGreaterThan(0);
    });

    it('links the earlier of two passages with the same words in one interview, in a full pass and after an update alike', () => {
      // A show's stock line said twice: the passage before q, in q's interview, now says what q says.
      const q = [...first.neighbours].find((j) => j > 0 && built.group[j - 1] === built.group[j])!;
      const copy = q - 1;
      const floats = built.floats.map((v, i) => (i === copy ? built.floats[q]! : v));
      const vectors = quantizeVectors(floats, 128);
      const coarse = trainCoarseCodes(vectors);
      const full = relatedPassages(vectors, coarse, built.group, eligible);
      expect(Array.from({ length: count }, (_, i) => listOf(full, i)).some((list) => list.includes(copy))).toBe(true);
      for (let i = 0; i < count; i++) expect(listOf(full, i), `passage ${i}`).not.toContain(q);
      // After an update, those that meet the copy (they search its bucket) take it in q's place; the rest keep q.
      const update = updateRelated(state, keys.map((k, i) => (i === copy ? `${k}, now a copy` : k)), vectors, coarse, built.group, eligible)!;
      const { nearest, probe } = update.related.buckets;
      const bucket = nearest[copy * probe]!;
      let met = 0;
      for (let i = 0; i < count; i++) {
        if (i === copy || !listOf(first, i).includes(q)) continue;
        const meets = nearest.subarray(i * probe, (i + 1) * probe).includes(bucket);
        if (meets) met++;
        expect(listOf(update.related, i), `passage ${i}`).toContain(meets ? copy : q);
        expect(listOf(update.related, i), `passage ${i}`).not.toContain(meets ? q : copy);
      }
      expect(met).toBeGreaterThan(0);
    });

    it('leaves a larger change to a full pass', () => {
      const changedKeys = keys.map((k, i) => (i < count * 0.06 ? `${k}, changed` : k));
      expect(updateRelated(state, changedKeys, built.vectors, built.coarse, built.group, eligible)).toBeUndefined();
      expect(updateRelated({ ...state, changedSinceTraining: 99 }, keys.map((k, i) => (i < 10 ? `${k}!` : k)), built.vectors, built.coarse, built.group, eligible)).toBeUndefined();
    });
  });
});
