/**
 * A quote as a reader copies it to cite elsewhere: the passage's words exactly as said, who said
 * them, where and when, and the passage's address.
 */

/** What a citation names: the passage's exact text, whose words, the interview, its date for readers (absent when undated), the absolute passage URL. */
export type CitationParts = { text: string; by: string; interview: string; date?: string; url: string };

/** The citation as plain text: the quote, then "— Speaker, Interview title, date", then the URL, one per line. */
export function quoteCitation({ text, by, interview, date, url }: CitationParts): string {
  return `${text}\n— ${[by, interview, date].filter(Boolean).join(', ')}\n${url}`;
}

/**
 * Whose words a passage gives, as one line of text: the voices it quotes, and for reported speech
 * the reporter ("Sam Altman, reported by Jane Doe"), so a reporter's sentence is never cited as the
 * speaker's own.
 */
export function attributionText(kind: string, voices: readonly string[], speaker: string): string {
  const who = voices.length > 0 ? voices.join(', ') : speaker;
  return kind === 'report' && voices.length > 0 && !voices.includes(speaker) ? `${who}, reported by ${speaker}` : who;
}
