import { AskEngine, type EngineMode, type Progress } from './engine.ts';
import { capQuestion } from '../../lib/ask/question.ts';
import { renderMessage, renderResult, renderScopeNote, renderUnavailable } from './render.ts';

let engine: AskEngine | undefined;

/** What the status line says once loading has settled: exactly the mode questions are answered in. */
const STATUS: Record<EngineMode, string> = {
  semantic: '',
  keyword: 'Answering from keywords only.',
  unavailable: 'Answering is unavailable here; search still works.',
};

/** A download's size as a reader says it: "12 MB", or "0.4 MB" below one. */
export function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb < 1 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** What the status line says while the first question's files load, before their total is known. */
const PREPARING = 'Preparing to answer by meaning…';

/** A reason ends the page's sentence: with one full stop, whatever the message it came from ended with. */
function sentenceEnd(reason: string): string {
  return `${reason.replace(/[.\s]+$/, '')}.`;
}

/**
 * Wires an ask form and its answers region: the model starts loading when the reader shows intent
 * (a first keystroke in the box, or a submitted question; focus alone is not intent, so tabbing
 * past the box loads nothing), one bar shows the whole download against its known total, and `asksOnLoad` forms answer `?q=` as the page opens and
 * keep the question in the URL so an answer can be shared. A question is asked within the scope
 * the form's `in` choice names (an interview's or topic's page), or, on the /ask/ page, the URL's
 * `in=`, which the page shows with a way to ask the whole archive instead.
 */
export function wireAskBox(form: HTMLFormElement, region: HTMLElement, options: { base: string; asksOnLoad: boolean }): void {
  engine ??= new AskEngine(options.base);
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const status = form.querySelector<HTMLElement>('[data-ask-status]');
  const progress = form.querySelector<HTMLProgressElement>('progress');
  const panel = region.closest<HTMLElement>('[data-ask-panel]');
  const scopeNote = form.parentElement!.querySelector<HTMLElement>('[data-ask-scope-note]');
  let urlScope = options.asksOnLoad ? (new URLSearchParams(location.search).get('in') ?? '') : '';
  const scope = () => form.querySelector<HTMLInputElement>('input[name="in"]:checked')?.value ?? urlScope;

  const showProgress = ({ loaded, total }: Progress) => {
    if (!status || !progress || !total || engine!.mode) return;
    progress.hidden = false;
    progress.max = total;
    progress.value = loaded;
    status.textContent = `Answering by meaning needs a one-time download of ${megabytes(total)}: ${Math.floor((100 * loaded) / total)}% done`;
  };
  engine.onProgress(showProgress);

  const warm = () => {
    if (status && !engine!.mode && !status.textContent) status.textContent = PREPARING;
    if (progress && !engine!.mode) progress.hidden = false;
    void engine!.load().then((mode) => {
      if (progress) progress.hidden = true;
      if (status) status.textContent = STATUS[mode];
    });
  };
  input.addEventListener('input', warm, { once: true });

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
    if (!engine!.mode) renderMessage(region, 'Getting ready to answer (the first question only)…');
    const within = scope().trim();
    if (options.asksOnLoad) {
      const url = new URL(location.href);
      url.searchParams.set('q', q);
      if (within) url.searchParams.set('in', within);
      else url.searchParams.delete('in');
      history.replaceState(history.state, '', url);
    } else {
      remember(q);
    }
    const widen = () => {
      urlScope = '';
      const whole = form.querySelector<HTMLInputElement>('input[name="in"][value=""]');
      if (whole) whole.checked = true;
      void run(q);
    };
    try {
      const result = await engine!.ask(q, within || undefined);
      if (turn !== asked) return;
      // A shard refused while answering moves the engine to keywords: the status line follows.
      if (status && engine!.mode) status.textContent = STATUS[engine!.mode];
      const note = engine!.reason ? `Answering by meaning is unavailable here, so these are keyword matches: ${sentenceEnd(engine!.reason)}` : undefined;
      renderResult(region, q, result, options.base, note, widen);
      if (scopeNote) renderScopeNote(scopeNote, result.scope, widen);
      if (!options.asksOnLoad) {
        const share = document.createElement('a');
        share.href = `${options.base}ask/?q=${encodeURIComponent(q)}${within ? `&in=${encodeURIComponent(within)}` : ''}`;
        share.textContent = 'Link to these answers';
        share.className = 'ask-share';
        region.append(share);
      }
    } catch (error) {
      if (turn !== asked) return;
      if ((error as Error).name === 'ScopeError') {
        if (scopeNote) renderScopeNote(scopeNote, undefined, widen);
        renderMessage(region, `Sorry: ${sentenceEnd((error as Error).message)}`, { href: `${options.base}ask/?q=${encodeURIComponent(q)}`, text: 'Ask the whole archive instead' });
        return;
      }
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

  const close = () => {
    if (!panel || panel.hidden || options.asksOnLoad) return false;
    panel.hidden = true;
    remember(undefined);
    input.focus();
    return true;
  };
  panel?.querySelector<HTMLButtonElement>('[data-ask-close]')?.addEventListener('click', close);
  // Escape in the box or anywhere in its answers closes them and returns to the box.
  form.parentElement!.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && close()) event.preventDefault();
  });

  for (const example of form.parentElement!.querySelectorAll<HTMLButtonElement>('[data-ask-example]')) {
    example.addEventListener('click', () => void run(example.textContent ?? ''));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(input.value);
  });

  // Back to this page (after "Read it in context") finds its question where it was left: in the
  // URL for the /ask/ page, in the history entry's state for the header box.
  const restore = () => {
    const q = options.asksOnLoad ? new URLSearchParams(location.search).get('q') : remembered();
    if (q && !(panel && !panel.hidden && input.value.trim() === q && region.childElementCount)) {
      input.value = q;
      void run(q);
    }
  };
  restore();
  addEventListener('pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) restore();
  });
}

/** The history entry's state key under which the header box keeps its question. */
const STATE_KEY = 'verbatimQuestion';

/** Keeps (or, with undefined, forgets) the header box's question in this history entry, beside any state already there. */
function remember(question: string | undefined): void {
  const state = { ...(history.state as Record<string, unknown> | null) };
  if (question === undefined) delete state[STATE_KEY];
  else state[STATE_KEY] = question;
  history.replaceState(state, '');
}

/** The header box's question kept in this history entry, if any. */
function remembered(): string | undefined {
  const value = (history.state as Record<string, unknown> | null)?.[STATE_KEY];
  return typeof value === 'string' ? value : undefined;
}
