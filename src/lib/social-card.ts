/**
 * Social preview cards (og:image) for interviews and topics: what each card says, derived from the
 * published passages, and the layout it is drawn with, as the element tree satori reads. Drawing and
 * caching the images is src/build/social-cards.ts's job; this stays pure.
 */
import { formatDate } from './format.ts';
import type { PassageRecord } from './passage-record.ts';

/** The size social sites show a large card at (1.91:1). */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** What one card says: a kind line, a title, a line of detail and who or what it covers. */
export type CardText = { kind: string; title: string; detail: string; byline: string };

/** One card to draw: where it goes under the site root (without base) and its text. */
export type Card = { path: string; text: CardText };

/** The site path (without base) of an interview's or a topic's card. */
export function socialCardPath(kind: 'interviews' | 'topics', id: string): string {
  return `og/${kind}/${id}.png`;
}

// A card is read at a glance: long titles and descriptions are cut at a word.
const TITLE_CHARS = 120;
const DETAIL_CHARS = 170;

/** A text cut at a word to at most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.\u2014-]+$/, '')}…`;
}

const names = (list: readonly string[]) => (list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`);

/**
 * The cards of an archive from its published passages (in archive order): one per interview,
 * naming whose words it holds, and one per topic, with its description and reach. Linear in the
 * passages.
 */
export function socialCards(records: readonly PassageRecord[], siteTitle: string): Card[] {
  const interviews = new Map<string, { first: PassageRecord; voices: Set<string> }>();
  const topics = new Map<string, { title: string; description: string; passages: number; interviews: Set<string> }>();
  for (const r of records) {
    const interview = interviews.get(r.interview) ?? { first: r, voices: new Set<string>() };
    if (r.kind !== 'question' && r.kind !== 'note') for (const v of r.voices) interview.voices.add(v);
    interviews.set(r.interview, interview);
    r.topics.forEach((id, i) => {
      const topic = topics.get(id) ?? { title: r.topicTitles[i] ?? id, description: r.topicDescriptions[i] ?? '', passages: 0, interviews: new Set<string>() };
      topic.passages++;
      topic.interviews.add(r.interview);
      topics.set(id, topic);
    });
  }
  const cards: Card[] = [];
  for (const [slug, { first, voices }] of interviews) {
    const date = first.published ? formatDate(new Date(first.published)) : 'Undated';
    cards.push({
      path: socialCardPath('interviews', slug),
      text: { kind: `Interview · ${siteTitle}`, title: clip(first.interviewTitle, TITLE_CHARS), detail: `${first.publication} · ${date}`, byline: names([...voices]) },
    });
  }
  for (const [id, t] of topics) {
    const reach = `${t.passages} ${t.passages === 1 ? 'passage' : 'passages'} from ${t.interviews.size} ${t.interviews.size === 1 ? 'interview' : 'interviews'}`;
    cards.push({ path: socialCardPath('topics', id), text: { kind: `Topic · ${siteTitle}`, title: clip(t.title, TITLE_CHARS), detail: clip(t.description, DETAIL_CHARS), byline: reach } });
  }
  return cards;
}

/** An element as satori reads it (the shape of a React element, without React). */
export type CardNode = { type: string; props: { style?: Record<string, string | number>; children?: (CardNode | string)[] | CardNode | string } };

const div = (style: Record<string, string | number>, children: CardNode['props']['children']): CardNode => ({ type: 'div', props: { style, children } });

/** The card's layout: the site's paper colour and accent, the title large in the serif, the details in the sans. */
export function cardElement({ kind, title, detail, byline }: CardText): CardNode {
  const size = title.length > 80 ? 54 : title.length > 45 ? 64 : 76;
  const inner = CARD_WIDTH - 2 * 72 - 18;
  return div({ width: CARD_WIDTH, height: CARD_HEIGHT, display: 'flex', background: '#fbfaf7', color: '#1d1c1a', fontFamily: 'Sans' }, [
    div({ width: 18, height: CARD_HEIGHT, background: '#8a3b12' }, []),
    div({ boxSizing: 'border-box', width: inner + 2 * 72, height: CARD_HEIGHT, display: 'flex', flexDirection: 'column', justifyContent: 'space-between', padding: '64px 72px' }, [
      div({ display: 'flex', fontSize: 28, letterSpacing: 2, textTransform: 'uppercase', color: '#8a3b12', fontWeight: 700 }, kind),
      div({ display: 'flex', flexDirection: 'column', width: inner }, [
        div({ display: 'flex', width: inner, fontFamily: 'Serif', fontWeight: 700, fontSize: size, lineHeight: 1.15 }, title),
        div({ display: 'flex', width: inner, fontSize: 30, color: '#5d5a54', marginTop: 24, lineHeight: 1.35 }, detail),
      ]),
      div({ display: 'flex', width: inner, fontSize: 30, color: '#1d1c1a', fontWeight: 700 }, byline),
    ]),
  ]);
}
