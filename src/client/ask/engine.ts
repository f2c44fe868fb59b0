import type { KeywordIndexFiles } from '../../lib/ask/load.ts';
import type { AskManifest } from '../../lib/ask/manifest.ts';
import type { ShownResult, WorkerMessage, WorkerRequest } from './protocol.ts';

/**
 * How answers are found: by meaning (the model), by keywords when the model or its index cannot
 * load, or not at all when even the passages cannot ('unavailable': the reader is sent to search).
 */
export type EngineMode = 'semantic' | 'keyword' | 'unavailable';

/** Loading progress in bytes, for the progress bar. */
export type Progress = { loaded: number; total: number };

const LOAD_TIMEOUT_MS = 120_000;

/**
 * The page's side of answering: starts the answer worker on first intent, and falls back to
 * keyword answers, with the reason, when the worker, WebAssembly, the runtime or the model fails.
 */
export class AskEngine {
  readonly base: string;
  mode: EngineMode | undefined;
  /** Why answering by meaning is unavailable, when it is. */
  reason = '';
  /** Why keyword answers are unavailable too, in mode 'unavailable'. */
  keywordReason = '';
  private worker: Worker | undefined;
  private loading: Promise<EngineMode> | undefined;
  private pending = new Map<number, { resolve(r: ShownResult): void; reject(e: Error): void }>();
  private nextId = 1;
  private listeners: ((p: Progress) => void)[] = [];
  private keyword: KeywordIndexFiles | undefined;

  constructor(base: string) {
    this.base = base;
  }

  /** Calls back with loading progress until the model is ready. */
  onProgress(listener: (p: Progress) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Starts loading (once); resolves with the mode questions will be answered in, which is decided
   * only once that mode's files have loaded, so the page never announces a fallback that fails.
   */
  load(): Promise<EngineMode> {
    this.loading ??= this.start().then(
      (mode) => (this.mode = mode),
      async (error: Error) => {
        this.reason = error.message;
        this.worker?.terminate();
        this.worker = undefined;
        try {
          this.keyword = await this.loadKeywordIndex();
          return (this.mode = 'keyword');
        } catch (failure) {
          this.keywordReason = (failure as Error).message;
          return (this.mode = 'unavailable');
        }
      },
    );
    return this.loading;
  }

  /** Answers a question in the current mode; throws in mode 'unavailable', with keywordReason. */
  async ask(question: string): Promise<ShownResult> {
    const mode = await this.load();
    if (mode === 'unavailable') throw new Error(this.keywordReason);
    if (mode === 'keyword' || !this.worker) return this.askByKeywords(question);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'ask', id, question });
    });
  }

  private start(): Promise<EngineMode> {
    if (typeof Worker === 'undefined' || typeof WebAssembly === 'undefined') {
      return Promise.reject(new Error('this browser runs neither Web Workers nor WebAssembly'));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the model took too long to load')), LOAD_TIMEOUT_MS);
      const fail = (message: string) => {
        clearTimeout(timer);
        reject(new Error(message));
      };
      try {
        this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'verbatim-answers' });
      } catch (error) {
        fail(`the answer worker could not start (${(error as Error).message})`);
        return;
      }
      this.worker.onerror = (event) => {
        event.preventDefault();
        fail(`the answer worker could not run${event.message ? ` (${event.message})` : ''}`);
      };
      this.worker.onmessage = ({ data }: MessageEvent<WorkerMessage>) => {
        if (data.type === 'progress') this.listeners.forEach((l) => l(data));
        else if (data.type === 'ready') {
          clearTimeout(timer);
          resolve('semantic');
        } else if (data.type === 'failed') fail(data.message);
        else if (data.type === 'answer') this.settle(data.id, (p) => p.resolve(data.result));
        else if (data.type === 'error') this.settle(data.id, (p) => p.reject(new Error(data.message)));
      };
      this.post({ type: 'load', base: this.base });
    });
  }

  private post(message: WorkerRequest): void {
    this.worker!.postMessage(message);
  }

  private settle(id: number, fn: (p: { resolve(r: ShownResult): void; reject(e: Error): void }) => void): void {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    if (entry) fn(entry);
  }

  /**
   * The passages for keyword answers: those the manifest pins (checked by size, and by SHA-256
   * where this page can hash), or, when the manifest itself cannot load, the default passages file.
   */
  private async loadKeywordIndex(): Promise<KeywordIndexFiles> {
    const [{ fetchIndexFile, fetchManifest }, { ASK_FILES, openKeywordIndex }] = await Promise.all([import('./load-index.ts'), import('../../lib/ask/load.ts')]);
    // A manifest that fails here failed the worker first: its reason is already the page's.
    const manifest: AskManifest | undefined = await fetchManifest(this.base).catch(() => undefined);
    const bytes = await fetchIndexFile(this.base, manifest?.passages.file ?? ASK_FILES.passages);
    return openKeywordIndex(manifest, bytes, { hash: Boolean(globalThis.crypto?.subtle) });
  }

  private async askByKeywords(question: string): Promise<ShownResult> {
    const started = performance.now();
    const { passages, params, languages } = this.keyword!;
    const { keywordAnswers } = await import('../../lib/ask/keyword-answers.ts');
    const result = keywordAnswers(passages, params, question, languages);
    return {
      mode: 'keyword',
      abstained: result.abstained,
      answers: result.answers.map((a) => ({ passage: passages[a.passage]!, score: a.score, sentence: a.sentence })),
      suggestions: [],
      ...(result.unreadable ? { unreadable: result.unreadable } : {}),
      ms: performance.now() - started,
    };
  }
}
