import { relatedEligible } from '../lib/related.ts';
import type { RelatedFile } from '../lib/related.ts';

/**
 * "Also said about this" on an interview page: what to add to a passage that can have neighbours
 * (related.ts, relatedEligible) when it gets its tools (passage-tools.ts): a button which fetches
 * the interview's file of neighbours on its first press (never before: the page stays as light as
 * without it) and shows them under the passage: their opening words, verbatim, who said them, in
 * which interview, and a link to each. One file serves every passage of the page.
 */
export function relatedTools(base: string, slug: string): (passage: HTMLElement) => void {
  let file: Promise<RelatedFile | undefined> | undefined;
  const load = () =>
    (file ??= fetch(`${base}ask/related/${encodeURIComponent(slug)}.json`).then(
      async (response) => {
        // An interview none of whose passages has a neighbour has no file.
        if (response.status === 404) return undefined;
        if (!response.ok || (response.headers.get('content-type') ?? '').includes('text/html')) throw new Error(`the host answered ${response.status}`);
        return (await response.json()) as RelatedFile;
      },
      (error: Error) => {
        file = undefined;
        throw error;
      },
    ));

  return (passage) => {
    const text = passage.querySelector<HTMLElement>('[data-text]')?.textContent ?? '';
    if (!relatedEligible(passage.dataset.kind!, text)) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'related-button';
    button.textContent = 'Also said about this';
    button.dataset.relatedButton = '';
    button.setAttribute('aria-expanded', 'false');
    const panel = document.createElement('aside');
    panel.className = 'related';
    panel.dataset.related = '';
    panel.hidden = true;
    panel.id = `related-${passage.id}`;
    panel.setAttribute('aria-label', 'Also said about this, in other interviews');
    button.setAttribute('aria-controls', panel.id);
    (passage.querySelector('.passage-tools') ?? passage.querySelector('.passage-head')!).append(button);
    passage.querySelector('.passage-text')!.after(panel);
    button.addEventListener('click', async () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      panel.hidden = !open;
      if (!open || panel.childElementCount) return;
      panel.setAttribute('aria-busy', 'true');
      panel.replaceChildren(note('Looking for where else the archive talks about this…'));
      try {
        const loaded = await load();
        render(panel, loaded, passage.id);
      } catch (error) {
        panel.replaceChildren(note(`The other passages could not be loaded (${(error as Error).message}).`));
      } finally {
        panel.setAttribute('aria-busy', 'false');
      }
    });
  };
}

function note(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'related-note';
  p.textContent = text;
  return p;
}

function render(panel: HTMLElement, file: RelatedFile | undefined, anchor: string): void {
  const entries = file?.passages[anchor] ?? [];
  if (entries.length === 0) {
    panel.replaceChildren(note('No passage of another interview is close to this one.'));
    return;
  }
  const heading = document.createElement('h3');
  heading.className = 'related-heading';
  heading.textContent = 'Also said about this';
  const list = document.createElement('ul');
  for (const [at, otherAnchor, speaker, opening, cut] of entries) {
    const interview = file!.interviews[at]!;
    const item = document.createElement('li');
    item.dataset.relatedItem = '';
    const quote = document.createElement('blockquote');
    quote.cite = `${interview.url}#${otherAnchor}`;
    const words = document.createElement('p');
    // The opening words as they were said; an ellipsis stands for the rest, a click away.
    words.textContent = cut ? `${opening} …` : opening;
    quote.append(words);
    const meta = document.createElement('p');
    meta.className = 'related-meta';
    const title = document.createElement('cite');
    title.textContent = interview.title;
    const link = document.createElement('a');
    link.href = `${interview.url}#${otherAnchor}`;
    link.textContent = 'in context';
    meta.append(`— ${speaker}, in `, title, ' · ', link);
    item.append(quote, meta);
    list.append(item);
  }
  panel.replaceChildren(heading, list);
}
