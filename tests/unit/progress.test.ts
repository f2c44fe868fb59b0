import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine, throttledProgress } from '../../src/lib/progress.ts';

describe('progress of a long build step', () => {
  it('says how far, how fast and how long is left', () => {
    expect(progressLine('Embedded', 1024, 68502, 8000)).toBe('Embedded: 1,024 of 68,502 (1%), 128 per second, about 8 min 47 s left');
    expect(progressLine('Embedded', 0, 10, 0)).toBe('Embedded: 0 of 10 (0%), 0 per second');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });

  it('prints at most every few seconds, and always the last line', () => {
    let clock = 0;
    const lines: string[] = [];
    const report = throttledProgress('Embedded', (line) => lines.push(line), () => clock, 5000);
    for (let done = 1; done <= 100; done++) {
      clock += 200;
      report(done, 100);
    }
    // 20 s of work: a line at 5, 10, 15 and 20 s, the last being the end.
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe('Embedded: 100 of 100 (100%), 5 per second, about 0 s left');
  });
});
