import { passagesOnTopic, relatedTopics, voicesOf, type Archive, type Interview, type Topic } from './archive.ts';
import { formatDate, formatLabel } from './format.ts';
import { interviewPath, passagePath, recordTime, withBase } from './passage-record.ts';
import type { Passage } from './passages.ts';
import { textOpening } from './related.ts';
import { OPENING_WORDS } from './paging.ts';
import { hasLead } from './topics/lead.ts';

/** Escapes the characters that would make a quote's words into Markdown syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

const names = (archive: Archive, ids: string[]) => ids.map((id) => archive.people.get(id)?.name ?? id).join(', ');

function attribution(archive: Archive, p: Passage): string {
  const voices = names(archive, voicesOf(p));
  return p.kind === 'report' && p.quotes.length ? `${voices} (reported by ${names(archive, [p.speaker])})` : voices;
}

function quoteText(p: Passage): string {
  return escapeMarkdown(p.label ? `${p.label}: ${p.text}` : p.text);
}

/** "[12:34](media#t=754)" for a passage with a time: the moment it starts, linked to the recording when there is one. */
function timeMark(p: Passage, media: string | undefined): string {
  const time = recordTime(p, media);
  if (!time) return '';
  return time.url ? `[${time.text}](${time.url})` : time.text;
}

/** An interview as plain Markdown, every passage with its speaker and a link to its anchor. */
export function interviewMarkdown(archive: Archive, interview: Interview, base: string, origin: string): string {
  const url = (path: string) => new URL(path, origin).href;
  const lines = [
    `# ${escapeMarkdown(interview.title)}`,
    '',
    `- Publication: ${escapeMarkdown(interview.publication)}`,
    `- Published: ${formatDate(interview.published)}`,
    `- Format: ${formatLabel(interview.format)}`,
    ...(interview.event ? [`- Event: ${escapeMarkdown(interview.event)}`] : []),
    `- Interviewee: ${names(archive, interview.interviewees)}`,
    `- Interviewer: ${names(archive, interview.interviewers)}`,
    ...(interview.reporters.length ? [`- Reported by: ${names(archive, interview.reporters)}`] : []),
    ...(interview.url ? [`- Original: ${interview.url}`] : []),
    ...(interview.media ? [`- Recording: ${interview.media}`] : []),
    `- On this site: ${url(interviewPath(base, interview.slug))}`,
    '',
    escapeMarkdown(interview.summary),
    '',
    ...(interview.standfirst ? [`_${escapeMarkdown(interview.standfirst)}_`, ''] : []),
  ];
  for (const p of interview.passages) {
    const link = `[#${p.anchor}](${url(passagePath(base, p))})`;
    const time = timeMark(p, interview.media) && `${timeMark(p, interview.media)} `;
    if (p.kind === 'note') lines.push(`${time}_${quoteText(p)}_ ${link}`, '');
    else lines.push(`${time}**${attribution(archive, p)}${p.kind === 'question' ? ' (question)' : ''}:** ${quoteText(p)} ${link}`, '');
  }
  return lines.join('\n');
}

/**
 * A topic as plain Markdown: its description, then every passage tagged with it by interview,
 * quoted whole; a topic with a lead on its page (more than LEAD_ABOVE passages) lists every passage
 * a line each instead, its opening words linked to where it was said, so that a topic across
 * hundreds of interviews is not a copy of them all.
 */
export function topicMarkdown(archive: Archive, topic: Topic, base: string, origin: string): string {
  const url = (path: string) => new URL(path, origin).href;
  const lines = [`# ${escapeMarkdown(topic.title)}`, '', escapeMarkdown(topic.description), ''];
  const groups = passagesOnTopic(archive, topic.id);
  const quote = (interview: Interview, p: Passage) => lines.push(`> ${quoteText(p)}`, '>', `> — ${[attribution(archive, p), timeMark(p, interview.media), url(passagePath(base, p))].filter(Boolean).join(', ')}`, '');
  const heading = (interview: Interview, level: string) => lines.push(`${level} ${escapeMarkdown(interview.title)} (${escapeMarkdown(interview.publication)}, ${formatDate(interview.published)})`, '');
  if (!hasLead(groups)) {
    for (const { interview, passages } of groups) {
      heading(interview, '##');
      for (const p of passages) quote(interview, p);
    }
  } else {
    // A topic across many interviews is listed a passage a line, as under all/ on its page: what
    // was said is a link away, in the interview's own Markdown, where quoting it whole here made
    // the topics' Markdown of the real archive 86 MB.
    lines.push(`## Every passage (${groups.reduce((n, g) => n + g.passages.length, 0)})`, '');
    for (const { interview, passages } of groups) {
      heading(interview, '###');
      for (const p of passages) {
        const opening = textOpening(p.text, OPENING_WORDS);
        const words = escapeMarkdown(opening.text.replace(/\s+/g, ' ')) + (opening.cut ? ' …' : '');
        lines.push(`- [“${words}”](${url(passagePath(base, p))}) — ${[attribution(archive, p), timeMark(p, interview.media)].filter(Boolean).join(', ')}`);
      }
      lines.push('');
    }
  }
  const related = relatedTopics(archive, topic.id);
  if (related.length) lines.push(`Related topics: ${related.map((r) => `[${escapeMarkdown(r.topic.title)}](${url(withBase(base, `topics/${r.topic.id}.md`))})`).join(', ')}`, '');
  return lines.join('\n');
}

/** llms.txt: what the site is and where its Markdown lives, for language models and agents. */
export function llmsTxt(archive: Archive, base: string, origin: string, site: { title: string; description: string }): string {
  const url = (path: string) => new URL(withBase(base, path), origin).href;
  return [
    `# ${site.title}`,
    '',
    `> ${site.description}`,
    '',
    'Every quote is the exact text of the interview. Each interview and topic below is also available as plain Markdown; all passages, with speakers, topics and links, are in JSON: an index listing one file per interview.',
    '',
    `- [All passages (JSON index of per-interview files)](${url('passages.json')}): \`interviews[].url\` is each interview's file \`passages/<slug>.json\`, \`{count, passages, topics}\` (\`topics\`: each topic's title and description, by id)`,
    '',
    '## Interviews',
    '',
    ...archive.interviews.map((i) => `- [${escapeMarkdown(i.title)}](${url(`interviews/${i.slug}.md`)}): ${escapeMarkdown(i.summary)}`),
    '',
    '## Topics',
    '',
    ...[...archive.topics.values()].map((t) => `- [${escapeMarkdown(t.title)}](${url(`topics/${t.id}.md`)}): ${escapeMarkdown(t.description)}`),
    '',
  ].join('\n');
}
