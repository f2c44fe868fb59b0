/** Opening a fetched or read answer index: the same steps in the browser worker and in the CLI. */
import { createAskIndex, type AskIndex } from './answer.ts';
import type { AskManifest } from './manifest.ts';
import { unpackPassages, type AskPassagesFile } from './passage-data.ts';
import { decodeVectors } from './vectors.ts';

/** Assembles the in-memory index from a checked manifest, the parsed passages file and the vector bytes. */
export function openAskIndex(manifest: AskManifest, passagesFile: unknown, vectorBytes: Uint8Array): AskIndex {
  const passages = (passagesFile as { passages?: unknown } | null)?.passages;
  if (!Array.isArray(passages) || passages.length !== manifest.passages.count) {
    throw new Error(`ask/${manifest.passages.file} does not hold the ${manifest.passages.count} passages the manifest names; rebuild the site`);
  }
  const vectors = decodeVectors(vectorBytes, manifest.passages.count, manifest.model.dims);
  return createAskIndex(unpackPassages(passagesFile as AskPassagesFile), vectors, manifest.retrieval);
}
