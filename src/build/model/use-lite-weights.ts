/**
 * Picks the parameters of Universal Sentence Encoder lite out of the TF.js graph's weights by
 * name, checking every shape, so a different or damaged model fails here and not as wrong vectors.
 * The architecture is described in /work/shared/docs/MODEL.md ("What the model computes").
 */
import { ModelSourceError, type TfjsTensor } from './tfjs-source.ts';

/** A float parameter with its shape. */
export type Param = { shape: number[]; data: Float32Array };

/** One transformer layer: pre-norm attention and feed-forward. */
export type UseLiteLayer = {
  width: number;
  outWidth: number;
  heads: number;
  queryScale: number;
  attentionNorm: { scale: Param; bias: Param };
  qkv: { kernel: Param; bias: Param };
  output: { kernel: Param; bias: Param };
  /** Layer 0 widens 256 -> 512, so its residual goes through a dense layer; layer 1 has none. */
  residual?: { kernel: Param; bias: Param };
  ffnNorm: { scale: Param; bias: Param };
  ffn1: { kernel: Param; bias: Param };
  ffn2: { kernel: Param; bias: Param };
};

/** All parameters and constants of the model, in the shapes the ONNX graph uses. */
export type UseLiteWeights = {
  /** Token embeddings, already doubled: the TF graph adds the looked-up embedding twice. */
  embeddings: Param;
  /** 128 inverse timescales of the sinusoidal position signal. */
  inverseTimescales: Param;
  maxLength: number;
  layerNormEpsilon: number;
  maskBias: number;
  layers: [UseLiteLayer, UseLiteLayer];
  hidden: { kernel: Param; bias: Param };
  l2Epsilon: number;
};

const ENC = 'module_apply_default/Encoder_en/KonaTransformer/';
const STACK = `${ENC}Encode/TransformerStack/`;
const VOCAB_ROWS = 8002;
const EMBED = 256;
const WIDTH = 512;
const FFN = 1536;

/** Extracts and validates USE lite's parameters from the TF.js tensors. */
export function extractUseLiteWeights(tensors: Map<string, TfjsTensor>): UseLiteWeights {
  const take = (name: string, shape: number[]): Param => {
    const tensor = tensors.get(name);
    if (!tensor) throw new ModelSourceError(`The embedded model cannot be built: weight ${name} is missing from model.json.`);
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
      throw new ModelSourceError(`The embedded model cannot be built: weight ${name} has shape [${tensor.shape.join(', ')}], expected [${shape.join(', ')}].`);
    }
    if (!(tensor.data instanceof Float32Array)) throw new ModelSourceError(`The embedded model cannot be built: weight ${name} is not float32.`);
    return { shape: [...shape], data: tensor.data };
  };
  const scalar = (name: string): number => {
    const tensor = tensors.get(name);
    if (!tensor || tensor.data.length !== 1) throw new ModelSourceError(`The embedded model cannot be built: scalar ${name} is missing from model.json.`);
    return tensor.data[0]!;
  };
  // TF.js stores 1x1 convolutions as [1, 1, in, out]; the ONNX graph wants the [in, out] matrix.
  const conv = (name: string, inWidth: number, outWidth: number): Param => {
    const kernel = take(name, [1, 1, inWidth, outWidth]);
    return { shape: [inWidth, outWidth], data: kernel.data };
  };

  const layer = (index: 0 | 1, width: number): UseLiteLayer => {
    const own = `${ENC}Encode/Layer_${index}/TransformerLayer/`;
    const stack = `${STACK}Layer_${index}/TransformerLayer/`;
    const kernels = `module/Encoder_en/KonaTransformer/Encode/Layer_${index}/TransformerLayer/MultiheadAttention/`;
    const heads = scalar(`${STACK}Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2`);
    const depth = scalar(`${stack}MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3`);
    if (heads * depth !== width) {
      throw new ModelSourceError(`The embedded model cannot be built: layer ${index} has ${heads} heads of ${depth}, which do not make its width ${width}.`);
    }
    return {
      width,
      outWidth: WIDTH,
      heads,
      queryScale: scalar(`${stack}MultiheadAttention/mul/y`),
      attentionNorm: {
        scale: take(`${own}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`, [width]),
        bias: take(`${own}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`, [width]),
      },
      qkv: {
        kernel: conv(`${kernels}qkv_transform_single/kernel/part_0`, width, 3 * width),
        bias: take(`${own}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`, [3 * width]),
      },
      output: {
        kernel: conv(`${kernels}output_transform_single/kernel/part_0`, width, WIDTH),
        bias: take(`${own}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`, [WIDTH]),
      },
      ...(index === 0
        ? {
            residual: {
              kernel: take(`${own}dense/kernel/ConcatPartitions/concat`, [width, WIDTH]),
              bias: take(`${own}dense/bias/ConcatPartitions/concat`, [WIDTH]),
            },
          }
        : {}),
      ffnNorm: {
        scale: take(`${own}FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`, [WIDTH]),
        bias: take(`${own}FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`, [WIDTH]),
      },
      ffn1: {
        kernel: take(`${stack}FFN/conv1/Tensordot/Reshape_1`, [WIDTH, FFN]),
        bias: take(`${own}FFN/conv1/bias/ConcatPartitions/concat`, [FFN]),
      },
      ffn2: {
        kernel: take(`${stack}FFN/conv2/Tensordot/Reshape_1`, [FFN, WIDTH]),
        bias: take(`${own}FFN/conv2/bias/ConcatPartitions/concat`, [WIDTH]),
      },
    };
  };

  const embeddings = take('module/Embeddings_en', [VOCAB_ROWS, EMBED]);
  const timescales = take(`${STACK}Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`, [1, EMBED / 2]);
  return {
    embeddings: { shape: embeddings.shape, data: embeddings.data.map((v) => v * 2) },
    inverseTimescales: { shape: [EMBED / 2], data: timescales.data },
    maxLength: scalar(`${ENC}ClipToMaxLength/Less/y`),
    layerNormEpsilon: scalar(`${STACK}Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`),
    maskBias: scalar(`${STACK}Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y`),
    layers: [layer(0, EMBED), layer(1, WIDTH)],
    hidden: {
      kernel: take('module/Encoder_en/hidden_layers/tanh_layer_0/weights', [WIDTH, WIDTH]),
      bias: take('module/Encoder_en/hidden_layers/tanh_layer_0/bias', [WIDTH]),
    },
    l2Epsilon: scalar('module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y'),
  };
}
