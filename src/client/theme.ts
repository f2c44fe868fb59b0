/**
 * The colour theme: the system's setting unless the reader chooses light or dark, a choice kept in
 * localStorage and applied before paint by public/theme.js (which reads the same key).
 */

/** The localStorage key of the reader's choice; public/theme.js reads it too. */
const KEY = 'verbatim-theme';

type Choice = 'system' | 'light' | 'dark';

/** Applies a choice to the page: 'system' leaves the colours to prefers-color-scheme. */
function apply(choice: Choice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

/** Shows the theme menu (hidden without JavaScript), set to the kept choice, and keeps each new one. */
export function wireThemeChoice(select: HTMLSelectElement): void {
  let kept: string | null = null;
  try {
    kept = localStorage.getItem(KEY);
  } catch {
    // Storage blocked: the menu still switches this page.
  }
  select.value = kept === 'light' || kept === 'dark' ? kept : 'system';
  select.closest<HTMLElement>('[hidden]')?.removeAttribute('hidden');
  select.addEventListener('change', () => {
    const choice = select.value as Choice;
    apply(choice);
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // As above: this page only.
    }
  });
}
