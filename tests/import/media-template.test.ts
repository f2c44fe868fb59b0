import { describe, expect, it } from 'vitest';
import { fillMediaTemplate } from '../../src/lib/import/media-template.ts';

describe('fillMediaTemplate', () => {
  it('fills the episode number, file name and slug, URL-encoded', () => {
    expect(fillMediaTemplate('https://e.org/{episode}.mp3', { episode: 12, file: 'E12', slug: 'e12' })).toBe('https://e.org/12.mp3');
    expect(fillMediaTemplate('https://e.org/{slug}/{file}.m4a', { file: 'Ep 3 & more', slug: 'ep-3-more' })).toBe('https://e.org/ep-3-more/Ep%203%20%26%20more.m4a');
    expect(fillMediaTemplate('https://e.org/all.mp3', { file: 'x', slug: 'x' })).toBe('https://e.org/all.mp3');
  });

  it('gives no URL when the template needs an episode number the episode lacks', () => {
    expect(fillMediaTemplate('https://e.org/{episode}.mp3', { file: 'intro', slug: 'intro' })).toBeUndefined();
  });
});
