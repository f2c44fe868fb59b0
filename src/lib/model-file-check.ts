/**
 * Recognises a model file that is not one: a static host answers a missing /models/... file
 * with its 404 page or index.html, which must be reported, never cached as the model.
 * Pure, so the build's downloader and the browser worker apply the same rule.
 */

/** Returns why `bytes` cannot be the model file named `file` (by extension), or null if it looks right. */
export function checkModelFile(file: string, bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'is empty';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith('<')) return 'is an HTML page (a host error page or index.html), not a model file';
  if (file.endsWith('.json')) {
    try {
      const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is JSON but not an object';
    } catch {
      return 'is not valid JSON';
    }
  } else if (file.endsWith('.onnx') && bytes[0] !== 0x08) {
    // A serialised ModelProto starts with field 1 (ir_version) as a varint: byte 0x08.
    return 'is not an ONNX model';
  }
  return null;
}
