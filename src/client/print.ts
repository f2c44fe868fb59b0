/**
 * Print: a printed page cannot be clicked, so before printing every passage and every link to a
 * passage gets its full URL (as `data-print-url`), which the print stylesheet writes out after it.
 */

/** Writes the full URL of each passage (an element with `data-passage` and an id) and passage link into `data-print-url`. */
export function writePrintUrls(root: ParentNode): void {
  const page = `${location.origin}${location.pathname}`;
  for (const passage of root.querySelectorAll<HTMLElement>('[data-passage][id]')) passage.dataset.printUrl = `${page}#${passage.id}`;
  for (const link of root.querySelectorAll<HTMLAnchorElement>('a[data-passage-link], a[data-answer-link]')) link.dataset.printUrl = link.href;
}

/** Writes the URLs when the page is about to print, by the print dialog or by a print preview. */
export function wirePrint(): void {
  const write = () => writePrintUrls(document);
  addEventListener('beforeprint', write);
  const print = matchMedia('print');
  print.addEventListener('change', (event) => event.matches && write());
  if (print.matches) write();
}
