import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, lineAtByte } from '../../src/lib/utf8.ts';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('firstInvalidUtf8', () => {
  it('passes UTF-8 text of every length of sequence', () => {
    expect(firstInvalidUtf8(bytes('plain, “curly”, é, 中文, 😀'))).toBe(-1);
  });

  it('finds the first byte of a sequence that is not UTF-8, as a strict decoder refuses it', () => {
    const cases: [Buffer, number][] = [
      [bytes('ab', [0xff], 'c'), 2], // never valid
      [bytes('caf', [0xe9], ' au lait'), 3], // Latin-1 é
      [bytes('a', [0xc0, 0xaf]), 1], // overlong
      [bytes('a', [0xed, 0xa0, 0x80]), 1], // surrogate
      [bytes('a', [0xf4, 0x90, 0x80, 0x80]), 1], // past U+10FFFF
      [bytes('ok é', [0xe2, 0x80]), 5], // cut short at the end
    ];
    for (const [b, at] of cases) {
      expect(firstInvalidUtf8(b)).toBe(at);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(b)).toThrow();
    }
  });

  it('counts the line a byte is on', () => {
    const b = bytes('one\ntwo\nthr', [0xff], 'ee');
    expect(lineAtByte(b, firstInvalidUtf8(b))).toBe(3);
  });
});
