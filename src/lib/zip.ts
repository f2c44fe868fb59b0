/**
 * Reads the table of contents of a zip archive (a jar is one) from its bytes: each entry's name,
 * compression method, CRC-32, sizes and compressed bytes. Inflating is left to the caller (the
 * build uses node:zlib), so this stays pure. Zip64 archives (over 4 GiB) are rejected.
 */

/** One file of a zip archive, its data still compressed. */
export type ZipEntry = {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  crc32: number;
  size: number;
  /** The entry's bytes as stored in the archive (a view, not a copy). */
  compressed: Uint8Array;
};

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Lists the files of a zip archive (directories left out); throws `<label>: ...` when the bytes are not a zip. */
export function readZipEntries(bytes: Uint8Array, label: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string): never => {
    throw new Error(`${label}: expected a zip archive (a jar), found ${what}`);
  };
  // The end record sits in the last 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) fail(`${bytes.length} bytes without a zip directory`);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) fail('a Zip64 archive, which is not supported');
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) fail(`a damaged directory at entry ${i + 1} of ${count}`);
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_HEADER) fail(`a damaged entry ${name}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressedSize > bytes.length) fail(`a truncated entry ${name}`);
    entries.push({ name, method, crc32, size, compressed: bytes.subarray(start, start + compressedSize) });
  }
  return entries;
}
