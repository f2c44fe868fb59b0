/** Types for webvtt-parser (w3c/webvtt.js), which ships none: only what the importer uses. */
declare module 'webvtt-parser' {
  /** One cue; `text` is the cue payload exactly as written when parsed in "metadata" mode. */
  export interface WebVTTCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  /** A problem the parser found, with its 1-based line. */
  export interface WebVTTError {
    message: string;
    line: number;
    col?: number;
  }
  /** The W3C reference parser. */
  export class WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'subtitles' | 'chapters'): { cues: WebVTTCue[]; errors: WebVTTError[] };
  }
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
