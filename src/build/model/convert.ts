/**
 * Converts the TF.js USE lite package into a Transformers.js model folder (Hugging Face layout),
 * byte for byte the same every time for the same input.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tokenizerConfigJson, tokenizerJson } from './tokenizer-files.ts';
import type { TfjsSource } from './tfjs-source.ts';
import { buildUseLiteOnnx } from './use-lite-graph.ts';
import { extractUseLiteWeights } from './use-lite-weights.ts';

/** Bump when the output changes for the same input, so cached conversions are redone. */
export const CONVERTER_VERSION = 2;

const CHANGES: ReadonlyArray<[number, string]> = [
  [1, 'First version: ONNX opset 17 float32 and per-channel int8 (Cast + Mul) graphs, Unigram tokenizer.json.'],
  [2, 'int8 graph multiplies in integers (MatMulInteger, activations quantised per token); tokenizer.json splits words before Viterbi (same ids, linear time).'],
];

/** The files of a converted model folder, relative to it. */
export const CONVERTED_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
  'onnx/model_quantized.onnx',
  'LICENSE',
  'PROVENANCE.md',
] as const;

/** Converts `source` into the files of `outDir`. */
export async function convertUseLite(source: TfjsSource, outDir: string): Promise<void> {
  const weights = extractUseLiteWeights(source.tensors);
  const doc = `Universal Sentence Encoder lite from ${source.packageName}@${source.version}, converted by Verbatim (converter ${CONVERTER_VERSION})`;
  const inputs = await Promise.all(source.files.map(async (file) => [file, sha256(await readFile(path.join(source.dir, file)))] as const));

  const files: Record<(typeof CONVERTED_FILES)[number], string | Uint8Array> = {
    'config.json': json({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: weights.hidden.bias.shape[0],
      vocab_size: weights.embeddings.shape[0],
      max_position_embeddings: weights.maxLength,
      // Names the file the browser loads when no dtype is given.
      'transformers.js_config': { dtype: 'q8' },
    }),
    // Compact: the browser downloads this file.
    'tokenizer.json': `${JSON.stringify(tokenizerJson(source.vocab))}\n`,
    'tokenizer_config.json': json(tokenizerConfigJson(weights.maxLength)),
    'onnx/model.onnx': buildUseLiteOnnx(weights, 'float32', doc),
    'onnx/model_quantized.onnx': buildUseLiteOnnx(weights, 'int8-dynamic', doc),
    LICENSE: source.license,
    'PROVENANCE.md': provenance(source, inputs),
  };

  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await writeFile(path.join(outDir, file), content);
  }
}

function provenance(source: TfjsSource, inputs: ReadonlyArray<readonly [string, string]>): string {
  return [
    '# Provenance',
    '',
    `This folder is Google's Universal Sentence Encoder lite, converted for Transformers.js from the npm`,
    `package ${source.packageName}@${source.version} (Apache-2.0; the licence is in LICENSE).`,
    'It is a build product of Verbatim (src/build/model/), not a source file: do not edit or commit it.',
    '',
    '## What was converted',
    '- dist/model.json and its weight shards (a TensorFlow.js graph) into onnx/model.onnx (float32)',
    '  and onnx/model_quantized.onnx (the same graph with its large matrices stored as int8, one scale',
    '  per output channel chosen for the least squared error, multiplied in integers by activations',
    '  quantised to 8 bits with one scale per token; the token table turned back to float by Cast + Mul),',
    '  ONNX opset 17, inputs input_ids and',
    '  attention_mask, outputs sentence_embedding and last_hidden_state (the sentence embedding at every position).',
    '- dist/vocab.json (SentencePiece pieces and scores) into tokenizer.json (Unigram) and tokenizer_config.json.',
    '',
    '## Input files (sha256)',
    ...inputs.map(([file, hash]) => `- ${file}: ${hash}`),
    '',
    `## Converter versions (this output: ${CONVERTER_VERSION})`,
    ...CHANGES.map(([version, change]) => `- ${version}: ${change}`),
    '',
  ].join('\n');
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
