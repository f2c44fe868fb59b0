/**
 * A minimal ONNX graph builder over the protobuf classes of `onnx-proto`: enough to write an
 * inference graph with initializers, and nothing that would make its bytes depend on the run.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX element types used by the converter (values of onnx.TensorProto.DataType). */
export const DataType = Object.freeze({ FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 });

/** An attribute value: integers, integer lists and strings as such; floats wrapped so 1.0 stays a float. */
type Attribute = number | number[] | string | { float: number };
type Dim = number | string;

/** Accumulates nodes, initializers, inputs and outputs, then serialises them as one model. */
export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  /** Declares a graph input; a string dimension is symbolic (e.g. "batch"). */
  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), elemType, dims));
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds a float32 constant tensor. */
  float(name: string, dims: number[], values: ArrayLike<number>): string {
    return this.tensor(name, DataType.FLOAT, dims, bytesOf(Float32Array.from(values)));
  }

  /** Adds an int64 constant tensor (shapes, axes, slice bounds). */
  int64(name: string, dims: number[], values: number[]): string {
    return this.tensor(name, DataType.INT64, dims, bytesOf(BigInt64Array.from(values, (v) => BigInt(v))));
  }

  /** Adds an int8 constant tensor. */
  int8(name: string, dims: number[], values: Int8Array): string {
    return this.tensor(name, DataType.INT8, dims, bytesOf(values));
  }

  /** Adds a uint8 constant tensor. */
  uint8(name: string, dims: number[], values: Uint8Array): string {
    return this.tensor(name, DataType.UINT8, dims, bytesOf(values));
  }

  /** Adds a node and returns the name of its (first) output; `outputs` > 1 names the others `<name>:<i>`. */
  op(opType: string, inputs: string[], attributes: Record<string, Attribute> = {}, name?: string): string {
    return this.opMulti(opType, inputs, 1, attributes, name)[0]!;
  }

  /** Adds a node with several outputs and returns their names. */
  opMulti(opType: string, inputs: string[], outputCount: number, attributes: Record<string, Attribute> = {}, name?: string): string[] {
    const nodeName = this.claim(name ?? `${opType}_${this.counter++}`);
    const outputs = Array.from({ length: outputCount }, (_, i) => (i === 0 ? nodeName : this.claim(`${nodeName}:${i}`)));
    this.nodes.push({
      name: nodeName,
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outputs;
  }

  /** Serialises the graph as an ONNX model (IR 8, the given default-domain opset). */
  encode(graphName: string, opset: number, docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'verbatim',
      docString,
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private tensor(name: string, dataType: number, dims: number[], rawData: Uint8Array): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    const width = dataType === DataType.INT8 || dataType === DataType.UINT8 ? 1 : dataType === DataType.INT64 ? 8 : 4;
    if (rawData.byteLength !== expected * width) {
      throw new Error(`ONNX tensor ${name}: ${rawData.byteLength} bytes do not fit shape [${dims.join(', ')}]`);
    }
    this.initializers.push({ name: this.claim(name), dataType, dims, rawData });
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph: duplicate value name ${name}`);
    this.names.add(name);
    return name;
  }
}

function valueInfo(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function attribute(name: string, value: Attribute): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'object') return { name, type: AttributeType.FLOAT, f: value.float };
  if (!Number.isInteger(value)) throw new Error(`ONNX attribute ${name}: wrap float ${value} as { float }`);
  return { name, type: AttributeType.INT, i: value };
}

// ONNX raw_data is little-endian, as are the typed arrays of every platform Node supports.
function bytesOf(array: Float32Array | BigInt64Array | Int8Array | Uint8Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
