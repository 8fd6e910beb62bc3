// npm run bench:meili-fields: where Meilisearch's bytes and time go. Indexes the same synthetic
// chunks (BENCH_CHUNKS, default 5,000) once per variant of the stored document and the settings —
// everything, without each token field, with proximity by attribute, and so on — into a local
// Meilisearch, one variant at a time, and prints each variant's indexing time and size.
import { Meilisearch } from 'meilisearch';
import { loadConfig } from '../app/config';
import { readCorpus } from '../app/build';
import { loadTaxonomy } from '../core/taxonomy';
import { synthesize } from './synthetic';
import { startLocalMeili } from '../scripts/meili-local';
import { chunkSettings } from '../search/meilisearch/settings';
import { toMeiliChunk, TOKEN_FIELDS, type MeiliMode } from '../search/meilisearch/documents';
import { distinctChars, encodeText, GAP_WORD, scopeSuffix } from '../search/meilisearch/encode';
import { unitTexts } from '../search/units';
import { fold } from '../core/normalize';

/** Experiment: each sentence's (paragraph's) distinct words and characters, suffixed by its slot. */
function scopeKeySets(text: string): string[] {
  const units = unitTexts(fold(text));
  const keys = new Set<string>();
  const add = (list: string[], scope: 'sentence' | 'paragraph') =>
    list.forEach((u, n) => {
      const suffix = scopeSuffix(scope, n);
      for (const w of encodeText(u).split(' ')) if (w && w !== GAP_WORD) keys.add(w + suffix);
      for (const ch of distinctChars([u])) if (encodeText(ch)) keys.add(encodeText(ch) + suffix);
    });
  add(units.sentences, 'sentence');
  add(units.paragraphs, 'paragraph');
  return [...keys];
}

const TOTAL = Number(process.env.BENCH_CHUNKS ?? 5_000);

interface Variant {
  name: string;
  /** Changes a stored document (in place). */
  doc?: (d: Record<string, unknown>) => void;
  settings?: Record<string, unknown>;
  mode?: MeiliMode;
}

const native = (name: string, doc?: Variant['doc'], settings?: Record<string, unknown>): Variant => ({
  name: `native: ${name}`,
  mode: 'native',
  doc,
  settings,
});

const without = (field: string): Variant => ({
  name: `without ${field}`,
  doc: (d) => delete d[field],
  settings: { searchableAttributes: TOKEN_FIELDS.filter((f) => f !== field) },
});

const VARIANTS: Variant[] = [
  { name: 'all token fields (as indexed before)' },
  ...TOKEN_FIELDS.map(without),
  { name: 'without chars (the filterable characters)', doc: (d) => delete d.chars },
  { name: 'proximityPrecision byAttribute', settings: { proximityPrecision: 'byAttribute' } },
  {
    name: 'scopes as filter sets (sentence and paragraph words as filterable keys)',
    doc: (d) => {
      d.scopeKeys = scopeKeySets(String(d.text ?? ''));
      delete d.sentenceTokens;
      delete d.paragraphTokens;
    },
    settings: {
      searchableAttributes: TOKEN_FIELDS.filter((f) => f !== 'sentenceTokens' && f !== 'paragraphTokens'),
      filterableAttributes: [
        ...chunkSettings().filterableAttributes,
        { attributePatterns: ['scopeKeys'], features: { facetSearch: false, filter: { equality: true, comparison: false } } },
      ],
    },
  },
  {
    name: 'scopes as word sets apart (no word pairs)',
    doc: (d) => {
      d.sentenceTokens = scopeKeySets(String(d.text ?? '')).join(' . ');
      delete d.paragraphTokens;
    },
    settings: { searchableAttributes: TOKEN_FIELDS.filter((f) => f !== 'paragraphTokens') },
  },
  {
    name: 'without sentence and paragraph words',
    doc: (d) => {
      delete d.sentenceTokens;
      delete d.paragraphTokens;
    },
    settings: { searchableAttributes: TOKEN_FIELDS.filter((f) => f !== 'sentenceTokens' && f !== 'paragraphTokens') },
  },
  native('as indexed'),
  native('without metaText', (d) => delete d.metaText, { searchableAttributes: ['heading', 'practices', 'text', 'docTitle', 'sectionPath'] }),
  native('without docTitle and sectionPath', undefined, { searchableAttributes: ['heading', 'practices', 'text', 'metaText'] }),
  native('without localizedAttributes', undefined, { localizedAttributes: [] }),
  native('localized searchable fields only', undefined, {
    localizedAttributes: [{ attributePatterns: ['heading', 'practices', 'text', 'docTitle', 'sectionPath', 'metaText'], locales: ['cmn'] }],
  }),
  native('text only', undefined, { searchableAttributes: ['text'] }),
  { name: 'no token fields at all (documents, filters, sorts)', doc: (d) => TOKEN_FIELDS.forEach((f) => delete d[f]), settings: { searchableAttributes: [] } },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const config = loadConfig();
  const taxonomy = loadTaxonomy(config.taxonomyDir);
  const { chunks } = synthesize(readCorpus(config).chunks, TOTAL);
  const meili = await startLocalMeili();
  const client = new Meilisearch({ host: meili.url, apiKey: meili.apiKey, timeout: 600_000 });
  console.log(`Meilisearch ${meili.version}, ${chunks.length} synthetic chunks, one variant at a time`);
  console.log('| variant | indexing | chunks/s | database used | documents |');
  console.log('| --- | --- | --- | --- | --- |');
  try {
    for (const [i, v] of VARIANTS.entries()) {
      if (only.length && !only.some((o) => v.name.includes(o))) continue;
      const uid = `fields_${i}`;
      const docs = chunks.map((c, j) => {
        const d = toMeiliChunk(c, j + 1, taxonomy, v.mode) as Record<string, unknown>;
        v.doc?.(d);
        return d;
      });
      await client.createIndex(uid, { primaryKey: 'id' }).waitTask();
      await client
        .index(uid)
        .updateSettings({ ...chunkSettings(v.mode), ...v.settings } as never)
        .waitTask();
      const before = (await client.getStats()).usedDatabaseSize;
      const started = performance.now();
      const tasks = [];
      for (let j = 0; j < docs.length; j += 1000) tasks.push(client.index(uid).addDocuments(docs.slice(j, j + 1000)));
      for (const t of tasks) {
        const done = await t.waitTask({ timeout: 3_600_000 });
        if (done.status !== 'succeeded') throw new Error(`${v.name}: ${JSON.stringify(done.error)}`);
      }
      const seconds = (performance.now() - started) / 1000;
      const s = await client.index(uid).getStats();
      const used = (await client.getStats()).usedDatabaseSize - before;
      const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
      console.log(`| ${v.name} | ${seconds.toFixed(1)} s | ${Math.round(docs.length / seconds)} | ${mb(used)} | ${mb(s.rawDocumentDbSize)} |`);
      await client.deleteIndex(uid).waitTask({ timeout: 600_000 });
    }
  } finally {
    await meili.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
