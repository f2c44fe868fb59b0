import { excerptParts } from '../lib/excerpt.ts';
import { rankHits, readSectionPassages, sectionHits, type SectionHit, type StoredSectionPassage } from '../lib/search-sections.ts';
import { highlightWords } from './highlight.ts';
import { sharesTerm } from '../lib/ask/text.ts';

/** The subset of Pagefind's browser API that the search page uses. */
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(url: string): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  debouncedSearch(
    query: string | null,
    options: { filters?: Record<string, { any: string[] }> },
    ms?: number,
  ): Promise<{ results: { id: string; data(): Promise<ResultData> }[]; filters: Record<string, Record<string, number>> } | null>;
}

interface ResultData {
  url: string;
  content: string;
  /** Positions of the matched words in `content`, counted in runs of non-space. */
  locations: number[];
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

const FILTER_LABELS: Record<string, string> = { interview: 'Interview', speaker: 'Speaker', topic: 'Topic' };
const PAGE = 20;
/** Sections whose data is fetched at once while the page of passages fills. */
const BATCH = 5;
/** Sections whose passages are ranked together: the first page of passages is chosen among these at least. */
const CANDIDATES = 15;
const EXCERPT_WORDS = 40;
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** An index date (ISO, as Pagefind keeps it) for readers: "3 February 2026". */
function readableDate(iso: string | undefined): string | undefined {
  const date = iso ? new Date(iso) : undefined;
  return date && !Number.isNaN(date.getTime()) ? DATE.format(date) : iso;
}

/** Builds an element with text content only, so nothing from the index is ever parsed as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** The excerpt as text nodes and marks, cut from the passage's own text: never parsed, never decoded. */
function excerptNodes(content: string, locations: number[]): Node[] {
  return excerptParts(content, locations, EXCERPT_WORDS).map((part) => (part.mark ? el('mark', part.text) : document.createTextNode(part.text)));
}

/** Links to the passage with the query's words, so its page marks them. */
function resultHref(url: string, query: string): string {
  const [path, hash] = url.split('#');
  const words = highlightWords(query);
  return words.length ? `${path}?highlight=${encodeURIComponent(words.join(' '))}${hash ? `#${hash}` : ''}` : url;
}

/** When the passage starts in the recording: a link that plays it from there, or the time alone. */
function timeNode(time: string, url: string | undefined): HTMLElement {
  if (!url) return el('span', time, 'time');
  const link = el('a', time, 'time');
  link.href = url;
  link.rel = 'external noopener';
  return link;
}

/** Wires the search page: query and filters in the URL, passage-level results from Pagefind. */
export async function startSearch(root: HTMLElement): Promise<void> {
  const form = root.querySelector<HTMLFormElement>('#search-form')!;
  const input = root.querySelector<HTMLInputElement>('#search-input')!;
  const filtersForm = root.querySelector<HTMLFormElement>('#search-filters')!;
  const status = root.querySelector<HTMLElement>('#search-status')!;
  const list = root.querySelector<HTMLOListElement>('#search-results')!;

  let pagefind: Pagefind;
  try {
    const bundle = root.dataset.bundle!;
    // A large archive's index comes in parts (src/integrations/search-index.ts), merged into one search.
    const parts = fetch(`${bundle}parts.json`).then(async (response) => {
      // A bundle written before parts existed has no list, and is one part.
      if (response.status === 404) return [];
      if (!response.ok) throw new Error(`parts.json: HTTP ${response.status}`);
      const list: unknown = await response.json();
      if (!Array.isArray(list) || !list.every((part) => typeof part === 'string' && /^part-\d+\/$/.test(part))) throw new Error('parts.json: not a list of parts');
      return list as string[];
    });
    pagefind = (await import(/* @vite-ignore */ `${bundle}pagefind.js`)) as Pagefind;
    await pagefind.options({ excerptLength: EXCERPT_WORDS });
    for (const part of await parts) await pagefind.mergeIndex(`${bundle}${part}`);
    await pagefind.init();
  } catch {
    status.textContent = 'Search is unavailable: its index could not be loaded.';
    return;
  }

  const params = new URLSearchParams(location.search);
  // What the reader typed while the index loaded is kept (and searched below, once it is ready);
  // only an empty box takes the question from the address.
  if (input.value.trim() === '') input.value = params.get('q') ?? '';
  const available = await pagefind.filters();
  for (const [name, values] of Object.entries(available)) {
    const set = el('fieldset');
    set.append(el('legend', FILTER_LABELS[name] ?? name));
    const chosen = params.getAll(name);
    for (const [value, count] of Object.entries(values).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      box.name = name;
      box.value = value;
      box.checked = chosen.includes(value);
      const shown = el('span', String(count), 'count');
      shown.dataset.filter = `${name}\u0000${value}`;
      label.append(box, el('span', value), shown);
      set.append(label);
    }
    filtersForm.append(set);
  }
  filtersForm.hidden = false;

  const selected = () => {
    const filters: Record<string, { any: string[] }> = {};
    for (const box of filtersForm.querySelectorAll<HTMLInputElement>('input:checked')) {
      (filters[box.name] ??= { any: [] }).any.push(box.value);
    }
    return filters;
  };

  const run = async () => {
    const query = input.value.trim();
    const filters = selected();
    const url = new URL(location.href);
    url.search = '';
    if (query) url.searchParams.set('q', query);
    for (const [name, { any }] of Object.entries(filters)) for (const v of any) url.searchParams.append(name, v);
    history.replaceState(null, '', url);

    if (!query && Object.keys(filters).length === 0) {
      list.replaceChildren();
      status.textContent = 'Type a word or choose a filter.';
      return;
    }
    list.setAttribute('aria-busy', 'true');
    const search = await pagefind.debouncedSearch(query || null, { filters }, 150);
    if (!search) return;
    // Each filter shows how many of the matching sections (results) it would keep; one that keeps none is hidden.
    for (const count of filtersForm.querySelectorAll<HTMLElement>('[data-filter]')) {
      const [name = '', value = ''] = (count.dataset.filter ?? '').split('\u0000');
      const kept = search.filters[name]?.[value] ?? 0;
      count.textContent = String(kept);
      const label = count.closest('label')!;
      label.hidden = kept === 0 && !label.querySelector('input')!.checked;
    }
    for (const set of filtersForm.querySelectorAll('fieldset')) set.hidden = !set.querySelector('label:not([hidden])');
    // Results are sections (src/lib/search-sections.ts), best first; the passages of the first
    // few are ranked together, more sections are read while the page of passages is not full.
    const sections: { d: ResultData; hits: SectionHit[] }[] = [];
    let found = 0;
    while (sections.length < search.results.length && (sections.length < CANDIDATES || found < PAGE)) {
      const batch = await Promise.all(search.results.slice(sections.length, sections.length + BATCH).map((r) => r.data()));
      for (const d of batch) {
        // A section is filed under every topic of its passages; a topic filter keeps that topic's passages.
        const hits = sectionHits(d.content, d.locations, readSectionPassages(JSON.parse(d.meta.passages ?? '[]') as StoredSectionPassage[], JSON.parse(d.meta.topics ?? '[]') as string[]), filters.topic?.any);
        sections.push({ d, hits });
        found += hits.length;
      }
    }
    const section = new Map(sections.flatMap(({ d, hits }) => hits.map((hit) => [hit, d] as const)));
    const shown = rankHits(sections.map((s) => s.hits)).map((hit) => ({ hit, d: section.get(hit)! }));
    const more = shown.length > PAGE || sections.length < search.results.length;
    list.replaceChildren(
      ...shown.slice(0, PAGE).map(({ d, hit }) => {
        const item = el('li', undefined, 'result');
        item.dataset.result = '';
        // The speaker, unless the interview's title already names them ("Sam Altman on ...").
        const speaker = d.meta.speaker && !(d.meta.title ?? '').includes(d.meta.speaker) ? `${d.meta.speaker} · ` : '';
        const link = el('a', `${speaker}${d.meta.title ?? ''}`, 'result-link');
        link.href = resultHref(`${d.url.split('#')[0]}#${hit.anchor}`, query);
        const excerpt = el('p', undefined, 'excerpt');
        excerpt.append(...excerptNodes(hit.content, hit.locations));
        const meta = el('p', [readableDate(d.meta.date), ...(hit.topics ?? [])].filter(Boolean).join(' · '), 'meta');
        if (hit.time) meta.prepend(timeNode(hit.time, hit.timeUrl), meta.textContent ? ' · ' : '');
        item.append(link, excerpt, meta);
        return item;
      }),
    );
    list.removeAttribute('aria-busy');
    const n = shown.length;
    // Pagefind also matches words spelled like the query's; when no result holds a word of the query, say so.
    const loose = n > 0 && query !== '' && !shown.some(({ hit }) => sharesTerm(query, hit.content));
    status.textContent = n === 0
      ? `No passage matches${query ? ` “${query}”` : ''}.`
      : loose
        ? `No passage contains “${query}”; ${n === 1 ? 'this is a loose match' : 'these are loose matches'} for similar words.`
        : more
          ? `The first ${PAGE} matching passages, from ${search.results.length} sections of interviews.`
          : `${n} passage${n === 1 ? '' : 's'}.`;
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  input.addEventListener('input', () => void run());
  filtersForm.addEventListener('change', () => void run());
  void run();
}
