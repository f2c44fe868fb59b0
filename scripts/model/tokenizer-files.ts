/**
 * Writes tokenizer.json and tokenizer_config.json for Transformers.js so that its Unigram
 * tokenizer gives exactly the ids of the original USE lite tokenizer
 * (@energetic-ai/embeddings, lib/tokenizer.ts). Pitfalls are in /work/shared/docs/MODEL.md.
 */
import type { VocabEntry } from './tfjs-source.ts';

/** Ids below this are reserved (unknown, <s>, </s>, extra ids): the original never matches them. */
const RESERVED_IDS = 6;
const SPACE = '\u2581';
const UNKNOWN = '\uFFFD';

/** The tokenizer.json object for the USE lite vocabulary. */
export function tokenizerJson(vocab: VocabEntry[]): object {
  if (vocab[0]?.[0] !== UNKNOWN) throw new Error(`vocab.json: piece 0 should be the unknown token ${UNKNOWN}`);
  return {
    version: '1.0',
    // Transformers.js truncates by model_max_length; the graph also drops tokens past maxLength.
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFKC' },
        { type: 'Replace', pattern: { String: ' ' }, content: SPACE },
        { type: 'Prepend', prepend: SPACE },
      ],
    },
    // The original's Viterbi treats a running score of exactly 0 as "no path yet", so a zero-score
    // piece such as "▁:" can never start a sentence; isolating that leading "▁" reproduces it.
    pre_tokenizer: { type: 'Split', pattern: { Regex: `^${SPACE}(?=:)` }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: SPACE, prepend_scheme: 'always', split: true },
    model: {
      type: 'Unigram',
      unk_id: 0,
      byte_fallback: false,
      vocab: vocab.map(([piece, score], id) => [
        // A trailing space can never survive the normalizer, so reserved pieces never match text
        // (a huge negative score instead would distort Transformers.js's unknown-token score).
        id > 0 && id < RESERVED_IDS ? `${piece} ` : piece,
        // The original adds a null score as JavaScript does: null + x === x.
        score ?? 0,
      ]),
    },
  };
}

/** The tokenizer_config.json object: 128 tokens, unknown and padding both id 0. */
export function tokenizerConfigJson(maxLength: number): object {
  return {
    tokenizer_class: 'PreTrainedTokenizer',
    model_max_length: maxLength,
    unk_token: UNKNOWN,
    pad_token: UNKNOWN,
    padding_side: 'right',
    clean_up_tokenization_spaces: false,
  };
}
