/** The content folder: `content/` unless VERBATIM_CONTENT names another (tests build fixture sites this way). */
export function contentDir(): string {
  return (typeof process !== 'undefined' && process.env.VERBATIM_CONTENT) || './content';
}
