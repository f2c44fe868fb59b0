/**
 * Draws the social preview cards at build time: satori lays each card out as SVG with the text as
 * paths, in fonts shipped by npm packages (no font from another origin), and resvg (WebAssembly)
 * turns it into a PNG. Each image is cached by the hash of what it shows, so a rebuild of an archive
 * of thousands of episodes draws only the cards whose text changed.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import satori from 'satori';
import { cardElement, CARD_HEIGHT, CARD_WIDTH, type Card } from '../lib/social-card.ts';
import { throttledProgress } from '../lib/progress.ts';
import { PROJECT_ROOT } from './model/paths.ts';

const require = createRequire(import.meta.url);

/** Where drawn cards are kept between builds, by content hash; gitignored like the other caches. */
export const DEFAULT_CARDS_CACHE = path.join(PROJECT_ROOT, '.verbatim', 'cache', 'social-cards');

/** The fonts drawn with, from npm (SIL Open Font License 1.1; see README "Social preview images"). */
const FONTS = [
  { name: 'Serif', weight: 700, file: '@fontsource/source-serif-4/files/source-serif-4-latin-700-normal.woff' },
  { name: 'Sans', weight: 400, file: '@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff' },
  { name: 'Sans', weight: 700, file: '@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff' },
] as const;

/** What writing the cards did: how many were drawn, how many came from the cache, and how long it took. */
export type CardsReport = { drawn: number; cached: number; ms: number };

let wasmReady: Promise<void> | undefined;

/**
 * Writes every card to `<outDir>/<card.path>`, drawing only those not already in `cacheDir` (keyed
 * by the SHA-256 of the card's text, the fonts and the layout's version), and reports progress
 * through `log` on a long run.
 */
export async function writeSocialCards(cards: readonly Card[], options: { outDir: string; cacheDir?: string; log?: (line: string) => void }): Promise<CardsReport> {
  const started = performance.now();
  const fonts = await Promise.all(FONTS.map(async (f) => ({ name: f.name, weight: f.weight, style: 'normal' as const, data: await readFile(require.resolve(f.file)) })));
  const version = createHash('sha256');
  for (const f of fonts) version.update(f.data);
  version.update(JSON.stringify(cardElement({ kind: '', title: '', detail: '', byline: '' })));
  const salt = version.digest('hex');
  const cacheDir = options.cacheDir ?? DEFAULT_CARDS_CACHE;
  await mkdir(cacheDir, { recursive: true });
  const progress = options.log ? throttledProgress('Social cards', options.log, () => performance.now()) : undefined;
  let drawn = 0;
  let cached = 0;
  for (const [i, card] of cards.entries()) {
    const key = createHash('sha256').update(salt).update(JSON.stringify(card.text)).digest('hex');
    const hit = path.join(cacheDir, `${key}.png`);
    const target = path.join(options.outDir, card.path);
    await mkdir(path.dirname(target), { recursive: true });
    if (existsSync(hit)) {
      cached++;
    } else {
      await writeAtomically(hit, await draw(card, fonts));
      drawn++;
    }
    await copyFile(hit, target);
    progress?.(i + 1, cards.length);
  }
  return { drawn, cached, ms: performance.now() - started };
}

type Font = { name: string; weight: 400 | 700; style: 'normal'; data: Buffer };

async function draw(card: Card, fonts: Font[]): Promise<Uint8Array> {
  wasmReady ??= readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')).then((wasm) => initWasm(wasm));
  await wasmReady;
  const svg = await satori(cardElement(card.text) as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts });
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: CARD_WIDTH } }).render();
  const png = image.asPng();
  image.free();
  return png;
}

// A build stopped mid-write leaves no half image in the cache to be served forever after.
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}
