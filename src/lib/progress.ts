/** Progress lines for long build steps: how far, how fast, how long is left, printed now and then. */

const count = new Intl.NumberFormat('en');

/** A duration for people: "45 s", "3 min 20 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One progress line: `what: 1,024 of 68,502 (1%), 210 per second, about 5 min 21 s left`. */
export function progressLine(what: string, done: number, total: number, elapsedMs: number): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? `, about ${formatDuration(((total - done) / rate) * 1000)} left` : '';
  return `${what}: ${count.format(done)} of ${count.format(total)} (${percent}%), ${Math.round(rate)} per second${left}`;
}

/**
 * A reporter that prints a progress line at most every `everyMs` (and always when done reaches the
 * total), timing from its creation; `now` is injected so that the clock stays at the edge.
 */
export function throttledProgress(what: string, print: (line: string) => void, now: () => number, everyMs = 5000): (done: number, total: number) => void {
  const started = now();
  let printed = started;
  return (done, total) => {
    const at = now();
    if (done < total && at - printed < everyMs) return;
    printed = at;
    print(progressLine(what, done, total, at - started));
  };
}
