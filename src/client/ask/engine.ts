import type { AskManifest } from '../../lib/ask/manifest.ts';
import { parseScope, ScopeError } from '../../lib/ask/scope.ts';
import type { ShardedIndex } from '../../lib/ask/sharded.ts';
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
  private pending = new Map<number, { resolve(r: ShownResult): void; reject(e: Error & { file?: string }): void }>();
  private nextId = 1;
  private listeners: ((p: Progress) => void)[] = [];
  private keyword: ShardedIndex | undefined;

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
      (error: Error) => this.fallBack(error.message),
    );
    return this.loading;
  }

  /** Ends answering by meaning for `reason`: keyword answers from now on, or none when even they cannot load. */
  private async fallBack(reason: string): Promise<EngineMode> {
    this.reason = reason;
    this.worker?.terminate();
    this.worker = undefined;
    try {
      this.keyword = await this.loadKeywordIndex();
      return (this.mode = 'keyword');
    } catch (failure) {
      this.keywordReason = (failure as Error).message;
      return (this.mode = 'unavailable');
    }
  }

  /**
   * Answers a question in the current mode, within `scope` (`interview:<slug>`, `topic:<id>`) when
   * given; throws in mode 'unavailable', with keywordReason, and a ScopeError for an unknown scope.
   */
  async ask(question: string, scope?: string): Promise<ShownResult> {
    const mode = await this.load();
    if (mode === 'unavailable') throw new Error(this.keywordReason);
    if (mode === 'keyword' || !this.worker) return this.askByKeywords(question, scope);
    const id = this.nextId++;
    try {
      return await new Promise<ShownResult>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.post({ type: 'ask', id, question, ...(scope ? { scope } : {}) });
      });
    } catch (error) {
      // A shard refused while answering (another build's, damaged): keywords answer this question and the next.
      if (!(error as { file?: string }).file) throw error;
      this.loading = this.fallBack((error as Error).message);
      return this.ask(question, scope);
    }
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
        else if (data.type === 'error') this.settle(data.id, (p) => p.reject(data.scope ? new ScopeError(data.message) : Object.assign(new Error(data.message), data.file ? { file: data.file } : {})));
      };
      this.post({ type: 'load', base: this.base });
    });
  }

  private post(message: WorkerRequest): void {
    this.worker!.postMessage(message);
  }

  private settle(id: number, fn: (p: { resolve(r: ShownResult): void; reject(e: Error & { file?: string }): void }) => void): void {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    if (entry) fn(entry);
  }

  /**
   * The index for keyword answers: the files the manifest pins (checked by size, and by SHA-256
   * where this page can hash), or, when the manifest itself cannot load, the shards structure.bin lays out.
   */
  private async loadKeywordIndex(): Promise<ShardedIndex> {
    const { fetchManifest, loadKeywordIndex } = await import('./load-index.ts');
    // A manifest that fails here failed the worker first: its reason is already the page's.
    const manifest: AskManifest | undefined = await fetchManifest(this.base).catch(() => undefined);
    return loadKeywordIndex(this.base, manifest, Boolean(globalThis.crypto?.subtle));
  }

  private async askByKeywords(question: string, written?: string): Promise<ShownResult> {
    const started = performance.now();
    const parsed = parseScope(written);
    const scope = parsed && (await this.keyword!.resolveScope(parsed));
    const [{ toShownResult }, { result, passages }] = await Promise.all([import('./shown.ts'), this.keyword!.askByKeywords(question, scope)]);
    return toShownResult(passages, result, 'keyword', performance.now() - started, scope);
  }
}
