/** What a media URL template can name about an episode. */
export interface MediaFacts {
  /** The episode number, from the metadata or the file name (E12.json → 12). */
  episode?: number;
  /** The source file's name without its extension. */
  file: string;
  /** The interview's slug. */
  slug: string;
}

const PLACEHOLDER = /\{(episode|file|slug)\}/g;

/**
 * The recording's URL of one episode from a template such as
 * `https://example.org/audio/{episode}.mp3`, for archives whose metadata names no media but whose
 * recordings follow a pattern. Undefined when the template needs an episode number the episode
 * does not have, so no episode ever links to another's recording. Values are URL-encoded.
 */
export function fillMediaTemplate(template: string, facts: MediaFacts): string | undefined {
  let missing = false;
  const url = template.replace(PLACEHOLDER, (_, name: keyof MediaFacts) => {
    const value = facts[name];
    if (value === undefined) {
      missing = true;
      return '';
    }
    return encodeURIComponent(String(value));
  });
  return missing ? undefined : url;
}
