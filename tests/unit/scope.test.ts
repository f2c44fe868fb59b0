import { describe, expect, it } from 'vitest';
import { findScope, formatScope, parseScope, passageScopes, rangeMembers, ScopeError, type ScopeTable } from '../../src/lib/ask/scope.ts';
import { decodePositions, encodePositions } from '../../src/lib/ask/shards.ts';

describe('scopes', () => {
  it('reads interview:<slug> and topic:<id>, the whole archive for none, and refuses anything else politely', () => {
    expect(parseScope('interview:e05')).toEqual({ kind: 'interview', id: 'e05' });
    expect(parseScope(' topic:open-source ')).toEqual({ kind: 'topic', id: 'open-source' });
    expect(formatScope({ kind: 'topic', id: 'open-source' })).toBe('topic:open-source');
    expect(parseScope('')).toBeUndefined();
    expect(parseScope(null)).toBeUndefined();
    for (const bad of ['e05', 'person:sam', 'interview:', 'interview:a b']) expect(() => parseScope(bad)).toThrow(ScopeError);
    expect(() => parseScope('e05')).toThrow('expected interview:<slug> or topic:<id>');
  });

  it('gives each interview its run of positions (runs, when given out of order) and each topic its positions', () => {
    const p = (interview: string, topics: string[] = []) => ({ interview, interviewTitle: interview.toUpperCase(), topics, topicTitles: topics.map((t) => `T ${t}`) });
    const { interviews, topics } = passageScopes([p('a', ['x']), p('a'), p('b', ['x', 'y']), p('c', ['y'])]);
    expect(interviews).toEqual([
      { id: 'a', title: 'A', ranges: [[0, 2]] },
      { id: 'b', title: 'B', ranges: [[2, 3]] },
      { id: 'c', title: 'C', ranges: [[3, 4]] },
    ]);
    expect(topics).toEqual([
      { id: 'x', title: 'T x', positions: [0, 2] },
      { id: 'y', title: 'T y', positions: [2, 3] },
    ]);
    expect(passageScopes([p('a'), p('b'), p('a')]).interviews.map((i) => i.ranges)).toEqual([[[0, 1], [2, 3]], [[1, 2]]]);
    expect([...rangeMembers(4, [[0, 1], [2, 3]])]).toEqual([1, 0, 1, 0]);
    const table: ScopeTable = { interviews, topics: [] };
    expect(() => findScope(table, { kind: 'interview', id: 'zz' })).toThrow('this archive has no interview “zz” to ask within');
  });

  it('ships a topic’s positions as gaps and reads them back, refusing positions past the archive', () => {
    const positions = [0, 3, 4, 900, 68_501];
    const bytes = encodePositions(positions);
    expect(bytes.length).toBeLessThan(positions.length * 3 + 2);
    expect([...decodePositions(bytes, 'ask/scopes/0000.bin', 68_502)]).toEqual(positions);
    expect(() => decodePositions(bytes, 'ask/scopes/0000.bin', 1000)).toThrow('ask/scopes/0000.bin is damaged');
  });
});
