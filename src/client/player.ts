/**
 * The interview page's player, as an enhancement: without this script a passage's time is a link
 * that opens the recording at that moment; with it, the time plays the page's own player from
 * there, and the passage being heard is marked as the recording goes on. The player loads nothing
 * (preload="none") until the reader presses play or a time.
 */

/** Wires the time links of a page to its `[data-player]` audio or video element, if it has one. */
export function enablePlayer(root: Document): void {
  const player = root.querySelector<HTMLMediaElement>('[data-player]');
  if (!player) return;
  const links = [...root.querySelectorAll<HTMLAnchorElement>('a.time[data-seconds]')];
  const starts = links.map((a) => Number(a.dataset.seconds));
  for (const link of links) {
    link.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      const seconds = Number(link.dataset.seconds);
      // Before its metadata has loaded, a player that preloads nothing cannot seek yet.
      if (player.readyState >= HTMLMediaElement.HAVE_METADATA) player.currentTime = seconds;
      else player.addEventListener('loadedmetadata', () => (player.currentTime = seconds), { once: true });
      void player.play().catch(() => undefined);
    });
  }

  let playing: HTMLElement | undefined;
  player.addEventListener('timeupdate', () => {
    const at = lastAtOrBefore(starts, player.currentTime);
    const passage = at < 0 ? undefined : links[at]!.closest<HTMLElement>('[data-passage]') ?? undefined;
    if (passage === playing) return;
    playing?.classList.remove('is-playing');
    passage?.classList.add('is-playing');
    playing = passage;
  });
}

// Times run in page order; the passage heard is the last one starting at or before the moment.
function lastAtOrBefore(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
