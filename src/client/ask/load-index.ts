import { AskFileError, ASK_DIR, ASK_FILES, indexReader } from '../../lib/ask/load.ts';
import { checkManifest, type AskManifest } from '../../lib/ask/manifest.ts';
import { ShardedIndex } from '../../lib/ask/sharded.ts';
import type { ModelConfig } from '../../lib/model-config.ts';

/**
 * Fetches a file of the site's answer index (`name` inside ask/), refusing a host's 404 or
 * index.html passed off as it; every failure names the file.
 */
export async function fetchIndexFile(base: string, name: string): Promise<Uint8Array> {
  const file = ASK_DIR + name;
  let response: Response;
  try {
    response = await fetch(base + file);
  } catch (error) {
    throw new AskFileError(file, `${file} could not be fetched (${(error as Error).message})`);
  }
  if (!response.ok) throw new AskFileError(file, `${file} is missing from the site (the host answered ${response.status}); rebuild and redeploy the site`);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    throw new AskFileError(file, `${file} is missing from the site (the host answered with an HTML page); rebuild and redeploy the site`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches the manifest and checks its form, and its model when one is given. */
export async function fetchManifest(base: string, model?: ModelConfig): Promise<AskManifest> {
  const bytes = await fetchIndexFile(base, ASK_FILES.manifest);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new AskFileError(ASK_DIR + ASK_FILES.manifest, `${ASK_DIR}${ASK_FILES.manifest} is damaged (not valid JSON: ${(error as Error).message}); rebuild and redeploy the site`);
  }
  return checkManifest(parsed, model);
}

/**
 * Opens the sharded answer index of the site at `base` for answering by meaning: the manifest
 * first, then the structure and coarse codes it pins; shards are fetched as questions need them,
 * each checked against its pin.
 */
export async function loadAskIndex(base: string, model: ModelConfig): Promise<ShardedIndex> {
  const manifest = await fetchManifest(base, model);
  return ShardedIndex.open(manifest, indexReader((name) => fetchIndexFile(base, name)));
}

/**
 * Opens the index for keyword answers: pinned by the manifest when there is one (each file's size
 * always, its SHA-256 when the page can hash), else found through the layout structure.bin records.
 */
export async function loadKeywordIndex(base: string, manifest: AskManifest | undefined, hash: boolean): Promise<ShardedIndex> {
  return ShardedIndex.openKeywords(manifest, indexReader((name) => fetchIndexFile(base, name), { hash }));
}
