/** Shows the "Copy link" buttons (hidden without JavaScript) and copies the passage's full URL. */
export function enableCopyLinks(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.hidden = !navigator.clipboard;
    button.addEventListener('click', async () => {
      const url = new URL(button.dataset.copy ?? '', location.href).href;
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Copy failed: use the # link';
      }
      setTimeout(() => (button.textContent = 'Copy link'), 2000);
    });
  }
}
