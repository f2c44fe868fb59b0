import { passagePath } from '../lib/passage-record.ts';

/**
 * The buttons of an interview page's passages (Copy link, Copy quote, Also said about this), added
 * by the page rather than written into its HTML: a 1,000-passage episode would otherwise carry
 * about 450 bytes of buttons per passage, a third of its weight, for the few passages a reader acts
 * on. The HTML keeps each passage's ¶ link, which works without script.
 *
 * A passage gets its buttons when it comes near the viewport (one IntersectionObserver for the
 * page), or when the pointer or the keyboard's focus reaches it (one delegated listener each), so
 * a reader sees them where they read, as if they had always been there, and a keyboard user tabs
 * from the ¶ link straight to them. Copy buttons work through copy-link.ts's one listener.
 */
export function enablePassageTools(root: Document, base: string, slug: string, addExtras?: (passage: HTMLElement) => void): void {
  const container = root.querySelector<HTMLElement>('.passages');
  if (!container) return;
  const equip = (passage: HTMLElement) => {
    if (passage.dataset.tools !== undefined) return;
    passage.dataset.tools = '';
    observer?.unobserve(passage);
    const tools = passage.querySelector<HTMLElement>('.passage-tools');
    if (!tools) return;
    // The link as a reader would share it: the interview's own path, not the visit's query or file name.
    const path = passagePath(base, { interview: slug, anchor: passage.id });
    tools.append(button('Copy link', { copy: path }));
    if (passage.dataset.kind !== 'note') tools.append(button('Copy quote', { copyQuote: path }));
    addExtras?.(passage);
  };
  const passages = container.querySelectorAll<HTMLElement>('section.passage[id]');
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) if (entry.isIntersecting) equip(entry.target as HTMLElement);
          },
          // A screen ahead and behind, so the buttons are there before the passage scrolls in.
          { rootMargin: '100% 0px' },
        )
      : undefined;
  if (observer) for (const passage of passages) observer.observe(passage);
  else for (const passage of passages) equip(passage);
  const reach = (event: Event) => {
    const passage = (event.target as Element | null)?.closest?.<HTMLElement>('section.passage[id]');
    if (passage && container.contains(passage)) equip(passage);
  };
  container.addEventListener('pointerover', reach);
  container.addEventListener('focusin', reach);
}

function button(label: string, data: Record<string, string>): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'copy-link';
  b.textContent = label;
  Object.assign(b.dataset, data);
  return b;
}
