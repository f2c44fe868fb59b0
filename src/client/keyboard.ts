/**
 * The site's keyboard: `/` goes to keyword search and Ctrl/Cmd+K to the ask box, from anywhere but a
 * text field; the arrow keys walk from a box down through its results (search results, answers)
 * and back up to the box.
 */

/** Whether a key press lands in something that takes text, where `/` is a character, not a shortcut. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)));
}

/** The first element matching `selector` that is shown (an element in a hidden panel is not). */
function shown(selector: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>(selector)].find((el) => el.getClientRects().length > 0);
}

/**
 * Wires the shortcuts. `/` focuses the page's search box (`[data-shortcut="search"]`), or opens the
 * search page where the page has none; Ctrl/Cmd+K focuses the ask box (`[data-shortcut="ask"]`).
 */
export function wireShortcuts(searchPage: string): void {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey) return;
    const ask = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.shiftKey;
    const search = event.key === '/' && !event.ctrlKey && !event.metaKey && !typing(event.target);
    if (!ask && !search) return;
    const box = shown(`[data-shortcut="${ask ? 'ask' : 'search'}"]`);
    event.preventDefault();
    if (box) {
      box.focus();
      if (box instanceof HTMLInputElement) box.select();
    } else if (search) {
      location.assign(searchPage);
    }
  });
}

/**
 * Wires the arrow keys for every box that names its results (`data-arrow-items`, a selector of the
 * links to walk): Down from the box goes to the first, Down and Up move between them, Up from the
 * first returns to the box.
 */
export function wireArrowKeys(): void {
  document.addEventListener('keydown', (event) => {
    if ((event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const active = document.activeElement as HTMLElement | null;
    for (const box of document.querySelectorAll<HTMLElement>('[data-arrow-items]')) {
      const items = [...document.querySelectorAll<HTMLElement>(box.dataset.arrowItems!)].filter((el) => el.getClientRects().length > 0);
      const at = active ? items.indexOf(active) : -1;
      let next: HTMLElement | undefined;
      if (active === box && event.key === 'ArrowDown') next = items[0];
      else if (at >= 0) next = event.key === 'ArrowDown' ? items[at + 1] : at === 0 ? box : items[at - 1];
      else continue;
      if (next) {
        event.preventDefault();
        next.focus();
      }
      return;
    }
  });
}
