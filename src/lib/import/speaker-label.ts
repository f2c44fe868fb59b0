/**
 * Whether a text before a colon reads as a speaker's name ("Amit Varma", "GUEST 2", "Dr. Rao",
 * "SPEAKER_00") rather than the start of a sentence ("But here's the thing"): at most four words,
 * each starting with a capital letter or a digit, at least one letter, at most 40 characters.
 */
export function isSpeakerLabel(label: string): boolean {
  return (
    label.length <= 40 &&
    /\p{L}/u.test(label) &&
    /^[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.'’_-]*(?: [\p{Lu}\p{N}][\p{L}\p{M}\p{N}.'’_-]*){0,3}$/u.test(label)
  );
}

/**
 * Whether a line is a stage direction rather than words: a whole line in brackets, parentheses,
 * asterisks or music signs, such as `[laughs]`, `(applause)`, `*Intro music*`, `♪ theme ♪`.
 */
export function isStageDirection(line: string): boolean {
  return /^(?:\[[^\]]+\]|\([^)]+\)|\*[^*]+\*|♪[^♪]*♪)$/.test(line.trim());
}

/** Splits `[Speaker]: words` or `Speaker: words` into its label and words; undefined when no label leads the text. */
export function splitSpeakerPrefix(text: string): { speaker: string; rest: string } | undefined {
  const bracketed = /^\[([^\]\n]{1,40})\]:[ \t]*/.exec(text);
  if (bracketed) return { speaker: bracketed[1]!.trim(), rest: text.slice(bracketed[0].length) };
  const plain = /^([^:\n[\]]{1,40}):[ \t]+/.exec(text);
  if (plain && isSpeakerLabel(plain[1]!)) return { speaker: plain[1]!, rest: text.slice(plain[0].length) };
  return undefined;
}
