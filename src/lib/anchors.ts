/** Lower-case ASCII slug of a text: what readers see in a `#anchor` and in URLs. */
export function slugify(text: string, maxWords = Infinity): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.slice(0, maxWords).join('-');
}

/** FNV-1a 32-bit hash as 8 hex digits: stable across runtimes, cheap, good enough to tell texts apart. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const ANCHOR_WORDS = 6;

/**
 * The anchor a passage gets when its author gives none: the first words of its text.
 * It depends on the passage alone, so adding or moving other passages never changes it.
 */
export function autoAnchor(text: string): string {
  return slugify(text, ANCHOR_WORDS) || `p-${hashText(text).slice(0, 6)}`;
}

/** A valid explicit anchor: what authors may write in `id="..."`. */
export const ANCHOR_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
