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
  const inner = vocab.find(([piece]) => piece.slice(1).includes(SPACE));
  if (inner) throw new Error(`vocab.json: piece ${JSON.stringify(inner[0])} holds "${SPACE}" past its start, so words cannot be tokenized one at a time`);
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
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        // The original's Viterbi treats a running score of exactly 0 as "no path yet", so a zero-score
        // piece such as "▁:" can never start a sentence; isolating that leading "▁" reproduces it.
        { type: 'Split', pattern: { Regex: `^${SPACE}(?=:)` }, behavior: 'Isolated', invert: false },
        // No piece holds a "▁" past its first character, so every "▁" starts a piece and the
        // original's Viterbi over the whole text equals one Viterbi per word. Transformers.js's
        // lattice copies the rest of its text at every character, so one text of n characters
        // costs n^2 and one word at a time costs almost nothing (tests/model/parity.test.ts).
        { type: 'Split', pattern: { Regex: `${SPACE}[^${SPACE}]*|[^${SPACE}]+` }, behavior: 'Isolated', invert: true },
      ],
    },
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
