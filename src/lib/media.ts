/**
 * Time codes and the recording they point into: when a passage starts (`time="00:12:34"`) and the
 * link that plays the interview's `media:` from that moment.
 */

/** When a passage starts in the recording: seconds from the start, and the time as readers see it. */
export interface PassageTime {
  seconds: number;
  /** "12:34", or "1:02:03" past the first hour. */
  text: string;
}

/** What `time=` accepts, for error messages. */
export const TIME_FORMAT = 'a time such as "00:12:34" (HH:MM:SS, H:MM:SS or MM:SS, optional .mmm)';

const TIME = /^(?:(\d{1,2}):([0-5]\d)|([0-5]?\d)):([0-5]\d)(?:\.(\d{1,3}))?$/;

/** Reads a time code (`HH:MM:SS`, `H:MM:SS`, `MM:SS`, each with optional `.mmm`); undefined if it is not one. */
export function parseTime(value: string): PassageTime | undefined {
  const m = TIME.exec(value.trim());
  if (!m) return undefined;
  const [, hours, minutesAfterHours, minutes, secs = '0', fraction = ''] = m;
  const seconds =
    Number(hours ?? 0) * 3600 + Number(minutesAfterHours ?? minutes ?? 0) * 60 + Number(secs) + (fraction ? Number(`0.${fraction}`) : 0);
  return { seconds, text: formatTime(seconds) };
}

/** A time for readers: "0:05", "12:34", "1:02:03" (whole seconds, hours only when there are any). */
export function formatTime(seconds: number): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** What kind of recording a media URL names: a YouTube page, or a file an `<audio>`/`<video>` element plays. */
export type MediaKind = 'youtube' | 'video' | 'audio';

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtu.be', 'www.youtu.be']);
const VIDEO_FILE = /\.(mp4|m4v|webm|mov|ogv|mkv)$/i;

/** The kind of a media URL: YouTube by its host, video by its file extension, audio otherwise. */
export function mediaKind(media: string): MediaKind {
  const url = new URL(media);
  if (YOUTUBE_HOSTS.has(url.hostname.toLowerCase())) return 'youtube';
  return VIDEO_FILE.test(url.pathname) ? 'video' : 'audio';
}

/**
 * The media URL that starts playing at a moment: YouTube's `t=754s` parameter, or the `#t=754`
 * media fragment (W3C Media Fragments) that browsers honour for audio and video files.
 */
export function mediaTimeUrl(media: string, seconds: number): string {
  const url = new URL(media);
  if (mediaKind(media) === 'youtube') {
    url.searchParams.set('t', `${Math.floor(seconds)}s`);
    return url.href;
  }
  url.hash = `t=${Number(seconds.toFixed(3))}`;
  return url.href;
}
