import { quoteCitation } from '../lib/citation.ts';

// How long a button says what it did before it reads as a button again.
const CONFIRM_MS = 2000;

/**
 * Copies a passage's link (`button[data-copy]`, its path) or its quote with attribution and link
 * (`button[data-copy-quote]`, inside an element holding `[data-text]` and `data-by`, within one
 * holding `data-cite-interview` and `data-cite-date`), for every such button now or later on the
 * page, through one listener: a page of a thousand passages does no work per passage at load. The
 * buttons show only where the clipboard can be written (`data-clipboard` on the root), and the
 * outcome is announced in the page's `[data-copy-status]` live region.
 */
export function wireCopyButtons(root: Document): void {
  if (!navigator.clipboard) return;
  root.documentElement.dataset.clipboard = '';
  const status = root.querySelector<HTMLElement>('[data-copy-status]');
  root.addEventListener('click', async (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-copy], button[data-copy-quote]');
    if (!button) return;
    const quote = button.dataset.copyQuote !== undefined;
    const label = button.textContent;
    let outcome: string;
    try {
      await navigator.clipboard.writeText(quote ? citationOf(button) : new URL(button.dataset.copy ?? '', location.href).href);
      outcome = quote ? 'Quote copied, with its attribution and link' : 'Link copied';
      button.textContent = 'Copied';
    } catch {
      outcome = quote ? 'Copy failed: select the quote to copy it' : 'Copy failed: use the # link';
      button.textContent = 'Copy failed';
    }
    if (status) status.textContent = outcome;
    setTimeout(() => {
      button.textContent = label;
      if (status?.textContent === outcome) status.textContent = '';
    }, CONFIRM_MS);
  });
}

// The quote of the passage the button belongs to, read from the page as shown: its text node is the passage's exact words.
function citationOf(button: HTMLButtonElement): string {
  const passage = button.closest<HTMLElement>('[data-by]')!;
  const source = button.closest<HTMLElement>('[data-cite-interview]') ?? passage;
  return quoteCitation({
    // An answer that runs over several passages of one turn holds one `[data-text]` a passage.
    text: [...passage.querySelectorAll<HTMLElement>('[data-text]')].map((part) => part.textContent ?? '').join('\n\n'),
    by: passage.dataset.by ?? '',
    interview: source.dataset.citeInterview ?? '',
    date: source.dataset.citeDate || undefined,
    url: new URL(button.dataset.copyQuote!, location.href).href,
  });
}
