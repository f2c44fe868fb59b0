import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, modelFiles, resolveModelConfig } from '../../src/lib/model-config.ts';
import { checkModelFile } from '../../src/lib/model-file-check.ts';

describe('resolveModelConfig', () => {
  it('gives the embedded USE lite when nothing is configured', () => {
    expect(resolveModelConfig()).toEqual(DEFAULT_MODEL);
    expect(resolveModelConfig({ dtype: 'fp32' })).toEqual({ ...DEFAULT_MODEL, dtype: 'fp32' });
  });

  it('configures a hub model with plain defaults plus what is given', () => {
    const prefix = 'Represent this sentence for searching relevant passages: ';
    expect(resolveModelConfig({ id: 'Snowflake/snowflake-arctic-embed-xs', pooling: 'cls', queryPrefix: prefix })).toEqual({
      id: 'Snowflake/snowflake-arctic-embed-xs',
      pooling: 'cls',
      normalize: true,
      queryPrefix: prefix,
      passagePrefix: '',
      dtype: 'q8',
    });
    expect(resolveModelConfig({ id: 'Xenova/bge-small-en-v1.5', local: './models/bge' }).local).toBe('./models/bge');
  });

  it('rejects bad values with a message naming the field and what was expected', () => {
    expect(() => resolveModelConfig({ pooling: 'max' })).toThrow('model.pooling: expected "mean" or "cls", got "max"');
    expect(() => resolveModelConfig({ id: '../etc/passwd' })).toThrow(/model\.id: expected a model id/);
    expect(() => resolveModelConfig({ id: 'a/b/c' })).toThrow(/model\.id/);
    expect(() => resolveModelConfig({ normalize: 'yes' })).toThrow('model.normalize: expected true or false, got "yes"');
    expect(() => resolveModelConfig({ dtype: 'fp64' })).toThrow(/model\.dtype: expected one of fp32, fp16, q8/);
    expect(() => resolveModelConfig({ dtype: 'fp16' })).toThrow(/embedded model verbatim\/use-lite is converted as q8 or fp32/);
    expect(() => resolveModelConfig({ local: './x' })).toThrow(/model\.local: the embedded model/);
    expect(() => resolveModelConfig({ id: 'a/b', local: '' })).toThrow(/model\.local: expected the path of a folder/);
    expect(() => resolveModelConfig({ modelId: 'a/b' })).toThrow('model: unknown field(s) modelId');
    expect(() => resolveModelConfig('a/b')).toThrow(/model: expected an object/);
  });

  it('names the files Transformers.js loads for each dtype', () => {
    expect(modelFiles({ dtype: 'q8' })).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    expect(modelFiles({ dtype: 'fp32' }).at(-1)).toBe('onnx/model.onnx');
  });
});

describe('checkModelFile', () => {
  it('tells an HTML answer, broken JSON or a non-ONNX file from a model file', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(checkModelFile('config.json', bytes('{"model_type": "bert"}'))).toBeNull();
    expect(checkModelFile('onnx/model.onnx', Uint8Array.of(0x08, 0x08, 0x12))).toBeNull();
    expect(checkModelFile('config.json', bytes('\n <!DOCTYPE html><html>'))).toMatch(/HTML page/);
    expect(checkModelFile('onnx/model_quantized.onnx', bytes('<html>404</html>'))).toMatch(/HTML page/);
    expect(checkModelFile('tokenizer.json', bytes('{"truncated": '))).toBe('is not valid JSON');
    expect(checkModelFile('onnx/model.onnx', bytes('Entry not found'))).toBe('is not an ONNX model');
    expect(checkModelFile('config.json', new Uint8Array())).toBe('is empty');
  });
});
