import { openAskIndex } from '../../lib/ask/load.ts';
import { checkManifest, type AskManifest } from '../../lib/ask/manifest.ts';
import type { AskIndex } from '../../lib/ask/answer.ts';
import type { ModelConfig } from '../../lib/model-config.ts';

/** Fetches a JSON file of the site, refusing an HTML page passed off as it (a host's 404 or index.html). */
export async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok || text.trimStart().startsWith('<')) {
    throw new Error(`${url} is missing from the site (the host answered ${response.status} ${response.ok ? 'with an HTML page' : ''}); rebuild and redeploy the site`);
  }
  return JSON.parse(text);
}

/** Fetches a binary file of the site, with the same refusal of HTML pages. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok || (response.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`${url} is missing from the site (the host answered ${response.status}); rebuild and redeploy the site`);
  }
  return bytes;
}

/** Loads and checks the answer index of the site at `base`: manifest first, then passages and vectors. */
export async function loadAskIndex(base: string, model: ModelConfig): Promise<{ manifest: AskManifest; index: AskIndex }> {
  const dir = `${base}ask/`;
  const manifest = checkManifest(await fetchJson(`${dir}manifest.json`), model);
  const [passages, vectors] = await Promise.all([fetchJson(dir + manifest.passages.file), fetchBytes(dir + manifest.vectors.file)]);
  return { manifest, index: openAskIndex(manifest, passages, vectors) };
}
