import * as pagefind from 'pagefind';
import type { PassageRecord } from '../lib/passage-record.ts';

/** A Pagefind record for one passage: passage-level results with interview, speaker and topic filters. */
export function searchRecord(p: PassageRecord): pagefind.CustomRecord {
  return {
    url: p.url,
    content: p.label ? `${p.label}: ${p.text}` : p.text,
    language: 'en',
    meta: {
      title: p.interviewTitle,
      speaker: p.voices.join(', '),
      kind: p.kind,
      ...(p.published ? { date: p.published } : {}),
      ...(p.time ? { time: p.time.text, ...(p.time.url ? { timeUrl: p.time.url } : {}) } : {}),
    },
    filters: { interview: [p.interviewTitle], speaker: p.voices, topic: p.topicTitles },
  };
}

/** Indexes passages with Pagefind (notes, nobody's words, are not searched) and hands back the bundle's files, keyed by their path in the bundle. */
export async function buildSearchBundle(records: PassageRecord[]): Promise<Map<string, Uint8Array>> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    for (const record of records) {
      if (record.kind === 'note') continue;
      const added = await index.addCustomRecord(searchRecord(record));
      if (added.errors.length) throw new Error(`Pagefind refused passage ${record.id}: ${added.errors.join('; ')}`);
    }
    const { files, errors: fileErrors } = await index.getFiles();
    if (fileErrors.length) throw new Error(`Pagefind could not write its index: ${fileErrors.join('; ')}`);
    return new Map(files.map((f) => [f.path.replace(/\\/g, '/'), f.content]));
  } finally {
    await index.deleteIndex();
  }
}

/** Stops the Pagefind service so the build process can exit. */
export function closeSearch(): Promise<unknown> {
  return pagefind.close();
}
