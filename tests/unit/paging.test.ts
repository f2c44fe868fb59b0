import { describe, expect, it } from 'vitest';
import type { InterviewGroup } from '../../src/lib/archive.ts';
import { firstPages, pageGroups, pageParam, pagePath } from '../../src/lib/paging.ts';
import type { Passage } from '../../src/lib/passages.ts';

const group = (slug: string, n: number): InterviewGroup => ({
  interview: { slug } as InterviewGroup['interview'],
  passages: Array.from({ length: n }, (_, i) => ({ id: `${slug}-${i}`, interview: slug, text: 'x'.repeat(100) }) as Passage),
});

describe('pages of passages', () => {
  it('fills pages up to the budget, in order, continuing an interview on the next page under its heading', () => {
    const pages = pageGroups([group('a', 5), group('b', 4)], () => 100, 300);
    expect(pages.map((p) => p.map((g) => `${g.interview.slug}:${g.passages.length}`))).toEqual([['a:3'], ['a:2', 'b:1'], ['b:3']]);
    expect(pages.flat().flatMap((g) => g.passages.map((p) => p.id))).toEqual([...group('a', 5).passages, ...group('b', 4).passages].map((p) => p.id));
    expect([...firstPages(pages)]).toEqual([['a', 1], ['b', 2]]);
  });

  it('puts a passage larger than the budget on a page of its own, and gives one empty page for no passages', () => {
    expect(pageGroups([group('a', 2)], () => 1000, 300).map((p) => p[0]!.passages.length)).toEqual([1, 1]);
    expect(pageGroups([], () => 1, 300)).toEqual([[]]);
  });

  it('addresses the first page as the person or topic itself and the others by number', () => {
    expect(pagePath('/kb/', 'people', 'ann', 1)).toBe('/kb/people/ann/');
    expect(pagePath('/kb/', 'topics', 'rail', 3)).toBe('/kb/topics/rail/3/');
    expect([pageParam(1), pageParam(2)]).toEqual([undefined, '2']);
  });
});
