import type { AskPassage } from '../../lib/ask/passage-data.ts';
import { noQuantitySentence } from '../../lib/ask/quantity.ts';
import { unreadableSentence } from '../../lib/ask/question.ts';
import { questionGist, type Span } from '../../lib/ask/sentences.ts';
import { attributionText } from '../../lib/citation.ts';
import type { ShownAnswer, ShownResult } from './protocol.ts';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Creates an element whose content is text only: nothing a question or a passage holds is ever parsed as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** The passage's link, asking its page to mark the answering sentence as well as the passage. */
export function answerHref(p: AskPassage, sentence?: Span): string {
  const [path, hash] = p.url.split('#');
  return sentence ? `${path}?sentence=${sentence.start}-${sentence.end}#${hash}` : p.url;
}

/** Whose words: "Sam Altman", or "Sam Altman, reported by …" for reported speech. */
function attribution(p: AskPassage): string {
  return attributionText(p.kind, p.voices, p.speaker);
}

/** One passage of a quote as a paragraph, its words in a `[data-text]` (what Copy quote copies), `sentence` marked when given. */
function quotePart(p: AskPassage, sentence?: Span): HTMLParagraphElement {
  const para = el('p');
  if (p.label) para.append(el('span', `${p.label}: `, 'passage-label'));
  const words = el('span');
  words.dataset.text = '';
  if (sentence) {
    const start = Math.max(0, Math.min(sentence.start, p.text.length));
    const end = Math.max(start, Math.min(sentence.end, p.text.length));
    words.append(p.text.slice(0, start), el('mark', p.text.slice(start, end)), p.text.slice(end));
  } else words.append(p.text);
  para.append(words);
  return para;
}

/** The answer's words: its passage, or each passage of its turn that it runs over, a paragraph each, the best one's sentence marked. */
function quote(a: ShownAnswer): HTMLElement {
  const { passage: p, sentence } = a;
  const block = el('blockquote');
  block.cite = p.url;
  const parts = a.parts ?? [p];
  block.append(...parts.map((part) => quotePart(part, part.id === p.id ? sentence : undefined)));
  if (parts.length > 1) block.dataset.parts = String(parts.length);
  return block;
}

/**
 * The interviewer's question the answer follows: who asked, and what (its last sentences, verbatim).
 * Not a link: an answer's first link is the one to its passage, as tools reading the page expect.
 */
function askedLine(asked: AskPassage): HTMLElement {
  const line = el('p', undefined, 'answer-asked');
  line.dataset.asked = '';
  line.append(`${asked.speaker} asked: `, el('q', questionGist(asked.text, undefined, asked.turn !== undefined)));
  return line;
}

/** When the passage starts in the recording: a link that plays it from there, or the time alone. */
function timeNode(time: NonNullable<AskPassage['time']>): HTMLElement {
  if (!time.url) return el('span', time.text, 'time');
  const link = el('a', time.text, 'time');
  link.href = time.url;
  link.rel = 'external noopener';
  return link;
}

function answerItem(a: ShownAnswer, rank: number): HTMLLIElement {
  const item = el('li', undefined, rank === 0 ? 'answer answer--best' : 'answer');
  item.dataset.answer = String(rank + 1);
  // What "Copy quote" cites (client/copy-link.ts).
  item.dataset.by = attribution(a.passage);
  item.dataset.citeInterview = a.passage.interview;
  item.dataset.citeDate = a.passage.published ? DATE.format(new Date(a.passage.published)) : '';
  const copy = el('button', 'Copy quote', 'copy-link');
  copy.type = 'button';
  copy.dataset.copyQuote = a.passage.url;
  const caption = el('p', undefined, 'answer-meta');
  const link = el('a', 'Read it in context');
  link.href = answerHref(a.passage, a.sentence);
  link.dataset.answerLink = '';
  caption.append(
    `— ${attribution(a.passage)}, in `,
    el('cite', a.passage.interview),
    a.passage.published ? `, ${DATE.format(new Date(a.passage.published))}` : ' (undated)',
    ...(a.passage.time ? [' · ', timeNode(a.passage.time)] : []),
    ' · ',
    link,
    ' ',
    copy,
  );
  item.append(...(a.asked ? [askedLine(a.asked)] : []), quote(a), caption);
  return item;
}

function noAnswer(question: string, result: ShownResult, base: string, widen?: () => void): HTMLElement {
  const box = el('div', undefined, 'no-answer');
  box.dataset.noAnswer = '';
  if (result.unreadable) {
    box.append(el('p', unreadableSentence(result.unreadable), 'no-answer-lead'));
    return box;
  }
  const where = result.scope ? `This ${result.scope.kind}` : 'The archive';
  box.append(el('p', `${where} holds no answer to “${question}”.`, 'no-answer-lead'));
  if (result.noQuantity) box.append(el('p', noQuantitySentence(question)));
  if (result.scope && widen) {
    const button = el('button', 'Ask the whole archive', 'link-button');
    button.type = 'button';
    button.dataset.askWiden = '';
    button.addEventListener('click', widen);
    const line = el('p', result.elsewhere ? 'Other interviews answer it: ' : '');
    line.append(button, '.');
    box.append(line);
  }
  if (result.suggestions.length) {
    box.append(el('p', 'These passages share words with your question:'));
    const list = el('ul', undefined, 'suggestions');
    for (const p of result.suggestions) {
      const item = el('li');
      const link = el('a', p.text.length > 160 ? `${p.text.slice(0, 157)}…` : p.text);
      link.href = p.url;
      item.append(link, el('span', ` — ${attribution(p)}`, 'meta'));
      list.append(item);
    }
    box.append(list);
  } else {
    box.append(el('p', 'Nothing in the archive shares a word with it.', 'no-answer-none'));
  }
  const search = el('a', 'Search the archive for its words instead');
  search.href = `${base}search/?q=${encodeURIComponent(question)}`;
  const more = el('p');
  more.append(search, '.');
  box.append(more);
  return box;
}

/** Renders a question's result into the answers region, replacing what was there; `widen` asks it again of the whole archive. */
export function renderResult(region: HTMLElement, question: string, result: ShownResult, base: string, note?: string, widen?: () => void): void {
  region.dataset.mode = result.mode;
  // How long answering took (embedding, scoring, any shard fetched), for benchmarks and tests.
  region.dataset.ms = String(Math.round(result.ms));
  if (result.phases) region.dataset.phases = JSON.stringify(result.phases);
  else delete region.dataset.phases;
  const parts: Node[] = [];
  if (result.mode === 'keyword') {
    parts.push(el('p', note ?? 'Answering by meaning is unavailable here, so these are keyword matches.', 'ask-note'));
  }
  if (result.abstained) {
    parts.push(noAnswer(question, result, base, widen));
  } else {
    const list = el('ol', undefined, 'answers');
    list.setAttribute('aria-label', `Answers to “${question}”`);
    list.append(...result.answers.map(answerItem));
    parts.push(list);
  }
  region.replaceChildren(...parts);
}

/**
 * Says that no answer can be given here, and why (`reason` ends the sentence), when not even keyword
 * answers could load: one sentence and the way to keyword search, which has its own index.
 */
export function renderUnavailable(region: HTMLElement, question: string, reason: string, base: string): void {
  region.dataset.mode = 'unavailable';
  const box = el('div', undefined, 'no-answer');
  box.dataset.noAnswer = '';
  box.append(el('p', `Questions cannot be answered here, because the answer index failed to load: ${reason}`, 'no-answer-lead'));
  const search = el('a', 'Search the archive for its words instead');
  search.href = `${base}search/?q=${encodeURIComponent(question)}`;
  const more = el('p');
  more.append(search, '.');
  box.append(more);
  region.replaceChildren(box);
}

/** Shows a plain message in the region (loading, or an error with a way forward). */
export function renderMessage(region: HTMLElement, message: string, link?: { href: string; text: string }): void {
  const p = el('p', message, 'ask-note');
  if (link) {
    const a = el('a', link.text);
    a.href = link.href;
    p.append(' ', a, '.');
  }
  region.replaceChildren(p);
}

/**
 * Says which interview or topic the answers come from alone, with a button that asks the whole
 * archive instead (`widen`); hides the note when they come from the whole archive.
 */
export function renderScopeNote(note: HTMLElement, scope: ShownResult['scope'], widen: () => void): void {
  note.hidden = !scope;
  if (!scope) {
    note.replaceChildren();
    return;
  }
  const button = el('button', 'Ask the whole archive', 'link-button');
  button.type = 'button';
  button.dataset.askWiden = '';
  button.addEventListener('click', widen);
  note.dataset.scope = `${scope.kind}:${scope.id}`;
  note.replaceChildren(`Answers from the ${scope.kind} `, el('cite', `“${scope.label}”`), ' alone. ', button);
}
