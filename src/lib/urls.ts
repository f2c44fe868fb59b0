/** Which schemes a URL field accepts: web pages always, e-mail only where a contact makes sense. */
export interface UrlRule {
  /** Accept `mailto:` too (a person's contact). */
  mailto?: boolean;
}

/** What a URL field expects, in the words of a content problem. */
export function urlExpectation(rule: UrlRule = {}): string {
  return rule.mailto
    ? 'an absolute http(s) URL such as https://example.com/about, or mailto:name@example.com'
    : 'an absolute http(s) URL such as https://example.com/interview';
}

/**
 * Checks a URL that content puts into a link or a media source. Only absolute `http:`/`https:`
 * URLs (and `mailto:` where allowed) pass: `javascript:`, `data:`, relative and protocol-relative
 * URLs would run script or lead somewhere the author did not mean. Returns what was expected and
 * what was found, or undefined when the URL is acceptable.
 */
export function checkUrl(value: unknown, rule: UrlRule = {}): string | undefined {
  return isAllowedUrl(value, rule) ? undefined : `${urlExpectation(rule)}, found ${JSON.stringify(value) ?? 'nothing'}`;
}

function isAllowedUrl(value: unknown, rule: UrlRule): boolean {
  // Browsers drop tabs and line breaks inside a URL, so "java\tscript:" would still be script.
  if (typeof value !== 'string' || /[\s\u0000-\u001f\u007f]/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  // "https:example.com" and "https:/example.com" parse too; only "https://host" is what authors mean.
  if (url.protocol === 'http:' || url.protocol === 'https:') return /^https?:\/\/[^/\\]/i.test(value) && url.hostname !== '';
  return rule.mailto === true && url.protocol === 'mailto:' && /^mailto:[^@\s/]+@[^@\s]+$/i.test(value);
}
