import { describe, expect, it } from 'vitest';
import { rankBy, rankByComparison, reciprocalRankFusion, standardizedSum, topBy, weightedSum } from '../../src/lib/ask/fusion.ts';

describe('fusion', () => {
  it('ranks best first and keeps passage order on ties', () => {
    expect(rankBy([0.1, 0.5, 0.5, 0.9], [0, 1, 2, 3])).toEqual([3, 1, 2, 0]);
    expect(rankBy([0.1, 0.5, 0.5, 0.9], [0, 2])).toEqual([2, 0]);
  });

  it('ranks a large archive by its radix sort exactly as a comparison sort does: ties, zeros of both signs, negatives, any candidate order', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const n = 20_000;
    // Scores of every kind the fusion makes: z-scores either side of 0, exact ties, zeros, tiny and huge values.
    const scores = Float64Array.from({ length: n }, () => {
      const r = random();
      if (r < 0.1) return 0;
      if (r < 0.15) return -0;
      if (r < 0.3) return Math.round(random() * 20) / 4 - 2.5;
      if (r < 0.35) return (random() - 0.5) * 1e-300;
      if (r < 0.4) return (random() - 0.5) * 1e300;
      return (random() - 0.5) * 10;
    });
    const all = Array.from({ length: n }, (_, i) => i);
    expect(rankBy(scores, all)).toEqual(rankByComparison(scores, all));
    // A subset, in no particular order (refinement ranks a ranking again).
    const some = all.filter(() => random() < 0.6).sort(() => random() - 0.5);
    expect(rankBy(scores, some)).toEqual(rankByComparison(scores, some));
    expect(rankBy(scores, [])).toEqual([]);
    // The best k alone are the first k of the ranking, ties in passage order, whatever the candidates' order.
    for (const k of [1, 2, 8, 32, 500]) {
      expect(topBy(scores, all, k)).toEqual(rankBy(scores, all).slice(0, k));
      expect(topBy(scores, some, k)).toEqual(rankBy(scores, some).slice(0, k));
    }
    const tied = new Float64Array(50).fill(1);
    expect(topBy(tied, [...tied.keys()].reverse(), 3)).toEqual([0, 1, 2]);
    expect(topBy(scores, some, some.length + 10)).toEqual(rankBy(scores, some));
    expect(topBy(scores, all, 0)).toEqual([]);
    expect(topBy(scores, [], 5)).toEqual([]);
  });

  it('reciprocal rank fusion rewards agreement and ignores lists without evidence', () => {
    const dense = [0.9, 0.8, 0.1];
    const keyword = [0, 0.7, 0.2];
    const fused = reciprocalRankFusion([{ scores: dense, weight: 1 }, { scores: keyword, weight: 1 }], [0, 1, 2], 10);
    expect(rankBy(fused, [0, 1, 2])[0]).toBe(1);
    expect(fused[0]).toBeCloseTo(1 / 11);
  });

  it('weighted sum adds calibrated scores', () => {
    expect([...weightedSum([{ scores: [1, 2], weight: 2 }, { scores: [0.5, 0], weight: 4 }])]).toEqual([4, 4]);
  });

  it('standardised sum ranks by how far each passage stands out in each list, whatever the lists\u2019 scales', () => {
    // Dense scores crowd together high up; keyword scores are small but clearly separate passage 2.
    const dense = [9.0, 9.2, 8.9, 100];
    const keyword = [0.0, 0.0, 0.3, 0];
    const fused = standardizedSum([{ scores: dense, weight: 1 }, { scores: keyword, weight: 2 }], [0, 1, 2]);
    expect(rankBy(fused, [0, 1, 2])[0]).toBe(2);
    // Only candidates are standardised (passage 3 is not one), and a flat list adds nothing.
    expect(fused[3]).toBe(0);
    const flat = standardizedSum([{ scores: [1, 2, 3], weight: 1 }, { scores: [5, 5, 5], weight: 1 }], [0, 1, 2]);
    expect([...flat].map((x) => Number(x.toFixed(6)))).toEqual([-1.224745, 0, 1.224745]);
  });
});
