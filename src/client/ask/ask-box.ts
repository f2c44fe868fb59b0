import { AskEngine, type EngineMode, type Progress } from './engine.ts';
import { capQuestion } from '../../lib/ask/question.ts';
import { renderMessage, renderResult, renderUnavailable } from './render.ts';

let engine: AskEngine | undefined;

/** What the status line says once loading has settled: exactly the mode questions are answered in. */
const STATUS: Record<EngineMode, string> = {
  semantic: '',
  keyword: 'Answering from keywords only.',
  unavailable: 'Answering is unavailable here; search still works.',
};

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** A reason ends the page's sentence: with one full stop, whatever the message it came from ended with. */
function sentenceEnd(reason: string): string {
  return `${reason.replace(/[.\s]+$/, '')}.`;
}

/**
 * Wires an ask form and its answers region: the model starts loading when the reader shows intent
 * (focus), progress shows while it loads, and `asksOnLoad` forms answer `?q=` as the page opens and
 * keep the question in the URL so an answer can be shared.
 */
export function wireAskBox(form: HTMLFormElement, region: HTMLElement, options: { base: string; asksOnLoad: boolean }): void {
  engine ??= new AskEngine(options.base);
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const status = form.querySelector<HTMLElement>('[data-ask-status]');
  const progress = form.querySelector<HTMLProgressElement>('progress');
  const panel = region.closest<HTMLElement>('[data-ask-panel]');

  const showProgress = ({ loaded, total }: Progress) => {
    if (!status || !progress || !total || engine!.mode) return;
    progress.hidden = false;
    progress.max = total;
    progress.value = loaded;
    status.textContent = `Loading the answer model: ${megabytes(loaded)} of ${megabytes(total)} MB`;
  };
  engine.onProgress(showProgress);

  const warm = () => {
    if (status && !engine!.mode) status.textContent = 'Loading the answer model…';
    void engine!.load().then((mode) => {
      if (progress) progress.hidden = true;
      if (status) status.textContent = STATUS[mode];
    });
  };
  input.addEventListener('focus', warm, { once: true });

  let asked = 0;
  // A question set by a script or by ?q= gets the box's own cap, so the address bar never holds more.
  const run = async (question: string) => {
    const q = capQuestion(question.trim()).trim();
    if (!q) return;
    if (input.value.trim() !== q) input.value = q;
    const turn = ++asked;
    warm();
    if (panel) panel.hidden = false;
    region.setAttribute('aria-busy', 'true');
    if (!engine!.mode) renderMessage(region, 'Loading the answer model…');
    if (options.asksOnLoad) {
      const url = new URL(location.href);
      url.searchParams.set('q', q);
      history.replaceState(null, '', url);
    }
    try {
      const result = await engine!.ask(q);
      if (turn !== asked) return;
      // A shard refused while answering moves the engine to keywords: the status line follows.
      if (status && engine!.mode) status.textContent = STATUS[engine!.mode];
      const note = engine!.reason ? `Answering by meaning is unavailable here, so these are keyword matches: ${sentenceEnd(engine!.reason)}` : undefined;
      renderResult(region, q, result, options.base, note);
      if (!options.asksOnLoad) {
        const share = document.createElement('a');
        share.href = `${options.base}ask/?q=${encodeURIComponent(q)}`;
        share.textContent = 'Link to these answers';
        share.className = 'ask-share';
        region.append(share);
      }
    } catch (error) {
      if (turn !== asked) return;
      if (engine!.mode === 'unavailable') {
        renderUnavailable(region, q, sentenceEnd(engine!.keywordReason), options.base);
        return;
      }
      renderMessage(region, `Sorry, this question could not be answered (${(error as Error).message}).`, {
        href: `${options.base}search/?q=${encodeURIComponent(q)}`,
        text: 'Search for its words instead',
      });
    } finally {
      if (turn === asked) region.setAttribute('aria-busy', 'false');
    }
  };

  panel?.querySelector<HTMLButtonElement>('[data-ask-close]')?.addEventListener('click', () => {
    panel.hidden = true;
    input.focus();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(input.value);
  });

  if (options.asksOnLoad) {
    const q = new URLSearchParams(location.search).get('q');
    if (q) {
      input.value = q;
      void run(q);
    }
  }
}
