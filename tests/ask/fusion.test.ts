import { describe, expect, it } from 'vitest';
import { rankBy, reciprocalRankFusion, standardizedSum, weightedSum } from '../../src/lib/ask/fusion.ts';

describe('fusion', () => {
  it('ranks best first and keeps passage order on ties', () => {
    expect(rankBy([0.1, 0.5, 0.5, 0.9], [0, 1, 2, 3])).toEqual([3, 1, 2, 0]);
    expect(rankBy([0.1, 0.5, 0.5, 0.9], [0, 2])).toEqual([2, 0]);
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
