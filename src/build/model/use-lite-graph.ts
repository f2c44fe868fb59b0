/**
 * Writes USE lite as an ONNX graph (opset 17) with the dense inputs Transformers.js passes
 * (`input_ids`, `attention_mask`). The TF graph's sparse-input plumbing is replaced by
 * multiplying activations with the mask; the arithmetic is otherwise the original's.
 */
import { DataType, OnnxGraph } from './onnx-builder.ts';
import { quantizeInt8 } from './quantize.ts';
import type { Param, UseLiteLayer, UseLiteWeights } from './use-lite-weights.ts';

/**
 * How the large matrices are stored and multiplied: float32; int8 with per-channel scales, turned
 * back to float (Cast + Mul) so the products run in float; or 'int8-dynamic', the same int8 weights
 * multiplied in integers (MatMulInteger) by activations quantised to 8 bits with one scale per token,
 * about a third less work per passage.
 */
export type WeightFormat = 'float32' | 'int8' | 'int8-dynamic';

const OPSET = 17;

/** Builds the serialised ONNX model of USE lite. */
export function buildUseLiteOnnx(weights: UseLiteWeights, format: WeightFormat, docString: string): Uint8Array {
  const g = new OnnxGraph();
  // Large matrices; everything else (biases, norms, timescales) stays float32 in both formats.
  const matrix = (name: string, param: Param, axis: 0 | 1): string => {
    const [rows, cols] = param.shape as [number, number];
    if (format === 'float32') return g.float(name, param.shape, param.data);
    const { values, scales } = quantizeInt8(param.data, rows, cols, axis);
    const stored = g.int8(`${name}.int8`, param.shape, values);
    const scale = g.float(`${name}.scale`, axis === 1 ? [cols] : [rows, 1], scales);
    return g.op('Mul', [g.op('Cast', [stored], { to: DataType.FLOAT }), scale], {}, name);
  };
  const vector = (name: string, param: Param): string => g.float(name, param.shape, param.data);
  // Integer products: each token's activations get their own scale (its largest magnitude over
  // 127), so a token's vector never depends on the others in the batch, unlike DynamicQuantizeLinear's
  // one scale per tensor. Both sides are stored as uint8 around the zero point 128: x86 CPUs without
  // VNNI saturate 16-bit sums of uint8 x int8 products (onnxruntime's documented caveat), never of uint8 x uint8.
  const integerProduct = (name: string, value: string, param: Param): string => {
    const [rows, cols] = param.shape as [number, number];
    const { values, scales } = quantizeInt8(param.data, rows, cols, 1);
    const largest = g.op('ReduceMax', [g.op('Abs', [value])], { axes: [-1], keepdims: 1 });
    const tokenScale = g.op('Div', [g.op('Max', [largest, g.float(`${name}.tiny`, [], [1e-30])]), g.float(`${name}.int8_max`, [], [127])]);
    const shifted = g.op('Add', [g.op('Round', [g.op('Div', [value, tokenScale])]), g.float(`${name}.shift`, [], [128])]);
    const zeroPoint = g.uint8(`${name}.zero_point`, [], Uint8Array.of(128));
    const product = g.op('MatMulInteger', [
      g.op('Cast', [shifted], { to: DataType.UINT8 }),
      g.uint8(`${name}.uint8`, param.shape, Uint8Array.from(values, (v) => v + 128)),
      zeroPoint,
      zeroPoint,
    ]);
    return g.op('Mul', [g.op('Mul', [g.op('Cast', [product], { to: DataType.FLOAT }), g.float(`${name}.scale`, [cols], scales)]), tokenScale], {}, name);
  };
  const ints = (name: string, values: number[]): string => g.int64(name, [values.length], values);
  const scalar = (name: string, value: number): string => g.float(name, [], [value]);

  const inputIds = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']);

  // Tokens at position maxLength and beyond are dropped, as ClipToMaxLength does.
  const axis1 = ints('axis_1', [1]);
  const axis2 = ints('axis_2', [2]);
  const clip = [ints('clip_start', [0]), ints('clip_end', [weights.maxLength]), axis1];
  const ids = g.op('Slice', [inputIds, ...clip], {}, 'ids');
  const mask = g.op('Slice', [attentionMask, ...clip], {}, 'mask');
  const maskFloat = g.op('Cast', [mask], { to: DataType.FLOAT }, 'mask_float');
  const mask3 = g.op('Unsqueeze', [maskFloat, axis2], {}, 'mask_3d');

  // Position of each token within its own sentence, also right with left padding.
  const positions = g.op('Sub', [g.op('CumSum', [mask, g.int64('cumsum_axis', [], [1])]), g.int64('one_i64', [], [1])]);
  const angles = g.op('Mul', [
    g.op('Unsqueeze', [g.op('Cast', [positions], { to: DataType.FLOAT }), axis2]),
    vector('inverse_timescales', weights.inverseTimescales),
  ]);
  const timing = g.op('Concat', [g.op('Sin', [angles]), g.op('Cos', [angles])], { axis: 2 }, 'timing_signal');
  const tokens = g.op('Gather', [matrix('embeddings', weights.embeddings, 0), ids], { axis: 0 }, 'token_embeddings');
  let x = g.op('Mul', [g.op('Add', [tokens, timing]), mask3], {}, 'layer_0_input');

  // Padded keys get a large negative bias: [batch, 1, 1, seq].
  const keyBias = g.op('Unsqueeze', [
    g.op('Mul', [g.op('Sub', [scalar('one', 1), maskFloat]), scalar('mask_bias', weights.maskBias)]),
    ints('axes_1_2', [1, 2]),
  ], {}, 'key_bias');

  const layer = (index: number, p: UseLiteLayer, input: string): string => {
    const n = `layer_${index}`;
    const depth = p.width / p.heads;
    const norm = (name: string, value: string, params: { scale: Param; bias: Param }): string =>
      g.op('LayerNormalization', [value, vector(`${name}.scale`, params.scale), vector(`${name}.bias`, params.bias)], {
        axis: -1,
        epsilon: { float: weights.layerNormEpsilon },
      }, name);
    const dense = (name: string, value: string, params: { kernel: Param; bias: Param }): string => {
      const product = format === 'int8-dynamic'
        ? integerProduct(`${name}.kernel`, value, params.kernel)
        : g.op('MatMul', [value, matrix(`${name}.kernel`, params.kernel, 1)]);
      return g.op('Add', [product, vector(`${name}.bias`, params.bias)], {}, name);
    };

    const normed = norm(`${n}.attention_norm`, input, p.attentionNorm);
    const qkv = dense(`${n}.qkv`, normed, p.qkv);
    const [q, k, v] = g.opMulti('Split', [qkv, ints(`${n}.split`, [p.width, p.width, p.width])], 3, { axis: 2 }, `${n}.split_qkv`) as [string, string, string];
    const headShape = ints(`${n}.head_shape`, [0, 0, p.heads, depth]);
    const heads = (value: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [value, headShape])], { perm });
    const queries = g.op('Mul', [heads(q, [0, 2, 1, 3]), scalar(`${n}.query_scale`, p.queryScale)]);
    const scores = g.op('Add', [g.op('MatMul', [queries, heads(k, [0, 2, 3, 1])]), keyBias]);
    const probs = g.op('Softmax', [scores], { axis: -1 }, `${n}.attention_probs`);
    const context = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [probs, heads(v, [0, 2, 1, 3])])], { perm: [0, 2, 1, 3] }),
      ints(`${n}.merge_shape`, [0, 0, p.width]),
    ]);
    const attention = dense(`${n}.attention_output`, context, p.output);
    const residual = p.residual ? g.op('Mul', [dense(`${n}.residual`, input, p.residual), mask3]) : input;
    const afterAttention = g.op('Add', [attention, residual], {}, `${n}.after_attention`);

    const ffnIn = norm(`${n}.ffn_norm`, afterAttention, p.ffnNorm);
    const hidden = g.op('Relu', [dense(`${n}.ffn_1`, ffnIn, p.ffn1)]);
    const ffnOut = g.op('Mul', [dense(`${n}.ffn_2`, hidden, p.ffn2), mask3]);
    return g.op('Add', [ffnOut, afterAttention], {}, `${n}.output`);
  };
  x = layer(0, weights.layers[0], x);
  x = layer(1, weights.layers[1], x);

  // Mean over real tokens, sum / max(count, 1), so an empty text gives the zero vector.
  const summed = g.op('ReduceSum', [g.op('Mul', [x, mask3]), axis1], { keepdims: 0 });
  const count = g.op('Max', [g.op('ReduceSum', [maskFloat, axis1], { keepdims: 1 }), scalar('one_f', 1)]);
  const pooled = g.op('Div', [summed, count], {}, 'mean_pooled');
  const hiddenW = matrix('hidden.kernel', weights.hidden.kernel, 1);
  const z = g.op('Tanh', [g.op('Add', [g.op('MatMul', [pooled, hiddenW]), vector('hidden.bias', weights.hidden.bias)])]);
  // In opset 17 ReduceSumSquare still takes its axes as an attribute.
  const squares = g.op('ReduceSumSquare', [z], { axes: [1], keepdims: 1 });
  const inverseNorm = g.op('Reciprocal', [g.op('Sqrt', [g.op('Max', [squares, scalar('l2_epsilon', weights.l2Epsilon)])])]);
  g.op('Mul', [z, inverseNorm], {}, 'sentence_embedding');

  // The sentence embedding at every input position, so any Transformers.js pooling returns it.
  const width = weights.hidden.bias.shape[0]!;
  const outShape = g.op('Concat', [g.op('Shape', [inputIds]), ints('embedding_width', [width])], { axis: 0 });
  g.op('Expand', [g.op('Unsqueeze', ['sentence_embedding', axis1]), outShape], {}, 'last_hidden_state');

  g.output('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', width]);
  g.output('sentence_embedding', DataType.FLOAT, ['batch_size', width]);
  return g.encode('use_lite', OPSET, docString);
}
