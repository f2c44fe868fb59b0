import { describe, expect, it } from 'vitest';
import { formatTime, mediaKind, mediaTimeUrl, parseTime } from '../../src/lib/media.ts';

describe('time codes', () => {
  it('read HH:MM:SS, H:MM:SS and MM:SS with optional milliseconds', () => {
    expect(parseTime('00:12:34')).toEqual({ seconds: 754, text: '12:34' });
    expect(parseTime('1:02:03')).toEqual({ seconds: 3723, text: '1:02:03' });
    expect(parseTime('12:34.500')).toEqual({ seconds: 754.5, text: '12:34' });
    expect(parseTime('0:05')).toEqual({ seconds: 5, text: '0:05' });
    expect(parseTime('12:34:56.7')?.seconds).toBeCloseTo(45296.7);
  });

  it('refuse anything else', () => {
    for (const bad of ['', '5', '1:2', '60:00', '00:61', '1:2:03', '12:34.5678', '-0:05', '12h34']) {
      expect(parseTime(bad), bad).toBeUndefined();
    }
  });

  it('are shown in whole seconds, with hours only past the first', () => {
    expect([0, 59.9, 60, 754, 3600, 36061].map(formatTime)).toEqual(['0:00', '0:59', '1:00', '12:34', '1:00:00', '10:01:01']);
  });
});

describe('links into the recording', () => {
  it('use the #t= media fragment for audio and video files', () => {
    expect(mediaTimeUrl('https://example.com/ep/12.mp3', 754)).toBe('https://example.com/ep/12.mp3#t=754');
    expect(mediaTimeUrl('https://example.com/ep/12.mp3?x=1#old', 754.25)).toBe('https://example.com/ep/12.mp3?x=1#t=754.25');
    expect(mediaKind('https://example.com/ep/12.mp3')).toBe('audio');
    expect(mediaKind('https://example.com/ep/12.MP4')).toBe('video');
  });

  it("use YouTube's own t= parameter, in whole seconds", () => {
    expect(mediaTimeUrl('https://www.youtube.com/watch?v=abc123', 754.9)).toBe('https://www.youtube.com/watch?v=abc123&t=754s');
    expect(mediaTimeUrl('https://youtu.be/abc123', 5)).toBe('https://youtu.be/abc123?t=5s');
    expect(mediaTimeUrl('https://www.youtube.com/watch?v=abc123&t=99s', 10)).toBe('https://www.youtube.com/watch?v=abc123&t=10s');
    expect(mediaKind('https://m.youtube.com/watch?v=abc123')).toBe('youtube');
  });
});
