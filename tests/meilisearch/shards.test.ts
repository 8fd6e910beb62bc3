// Two shards against one instance, live: the same pages, totals and facets for every search of the
// contract, every report on exactly one shard, and a re-index that fails on one shard changing
// neither. Starts its own three servers (MEILI_BIN or meilisearch on PATH).
import { Meilisearch } from 'meilisearch';
import { startLocalMeili, whyNoMeili, type LocalMeili } from '../../scripts/meili-local';
import { MeiliBackend } from '../../search/meilisearch/backend';
import { shardOf } from '../../search/meilisearch/shards';
import { IndexBuildError } from '../../search/errors';
import type { Chunk, SearchResult } from '../../core/types';
import { seedCorpus } from '../helpers/corpus';
import { testTaxonomy } from '../helpers/backend';
import { PARITY_REQUESTS } from '../contract/backend-contract';

// Part of the live suite (npm run test:meili), which sets MEILI_URL and MEILI_BIN.
const why = !process.env.MEILI_URL ? 'they run in the live suite, npm run test:meili' : whyNoMeili();
if (why) console.warn(`Skipping the live Meilisearch shard tests: ${why}.`);
const describeLive = why ? describe.skip : describe;

const page = (r: SearchResult) => ({
  total: r.total,
  totalPages: r.totalPages,
  ids: r.hits.map((h) => h.id),
  facets: Object.fromEntries(Object.entries(r.facets).map(([f, values]) => [f, (values ?? []).map((v) => `${v.value}:${v.count}`).sort()])),
});

describeLive('two Meilisearch shards', () => {
  const servers: LocalMeili[] = [];
  let one: MeiliBackend;
  let two: MeiliBackend;
  const { docs, chunks } = seedCorpus();
  const make = (url: string, key: string) =>
    new MeiliBackend({ url, apiKey: key, index: 'chunks', timeoutMs: 5000, taskTimeoutMs: 120_000, taxonomy: testTaxonomy() });

  beforeAll(async () => {
    const a = await startLocalMeili({ loopbackRemotes: true });
    servers.push(a, await startLocalMeili({ loopbackRemotes: true, apiKey: a.apiKey }), await startLocalMeili({ apiKey: a.apiKey }));
    one = make(servers[2].url, a.apiKey);
    two = make(`${servers[0].url},${servers[1].url}`, a.apiKey);
    await Promise.all([one.replaceAll(docs, chunks), two.replaceAll(docs, chunks)]);
  });
  afterAll(async () => Promise.all(servers.map((s) => s.dispose())));

  it('put every report and its chunks on exactly one shard, the one its id hashes to', async () => {
    const counts = await Promise.all(servers.slice(0, 2).map((s) => new Meilisearch({ host: s.url, apiKey: s.apiKey }).index('chunks').getStats()));
    expect(counts.map((c) => c.numberOfDocuments)).toEqual([0, 1].map((i) => chunks.filter((c) => shardOf(c.docId, 2) === i).length));
    expect(counts.every((c) => c.numberOfDocuments > 0)).toBe(true);
    expect(await two.stats()).toMatchObject({ chunks: chunks.length, docs: docs.length });
    expect((await two.listDocs()).map((d) => d.id)).toEqual(docs.map((d) => d.id));
    for (const c of [chunks[0], chunks[chunks.length - 1]]) expect(await two.getChunk(c.id)).toEqual(c);
  });

  it('answer every search of the contract with the same pages, totals and facet counts as one instance', async () => {
    for (const r of PARITY_REQUESTS.filter((x) => x.sort !== 'relevance' || !x.q)) {
      for (const p of [1, 2]) {
        const req = { ...r, page: p, perPage: 7 };
        expect({ req, ...page(await two.search(req)) }).toEqual({ req, ...page(await one.search(req)) });
      }
    }
    for (const r of PARITY_REQUESTS) expect({ r, ...page(await two.search(r)), ids: [] }).toEqual({ r, ...page(await one.search(r)), ids: [] });
  });

  it('count the same matrix as one instance', async () => {
    for (const q of ['', '调解', '网格 OR 法院'])
      expect({ ...(await two.crossCounts({ q, filters: {}, page: 1, perPage: 1 }, 'city', 'theme')), tookMs: 0 }).toEqual({
        ...(await one.crossCounts({ q, filters: {}, page: 1, perPage: 1 }, 'city', 'theme')),
        tookMs: 0,
      });
  });

  it('leave both shards serving the old index when one shard rejects a document', async () => {
    const bad = { ...chunks.find((c) => shardOf(c.docId, 2) === 1), id: 'not a valid id!' } as Chunk;
    const err = await two.replaceAll(docs, [...chunks, bad]).catch((e: Error) => e);
    expect(err).toBeInstanceOf(IndexBuildError);
    expect((err as Error).message).toMatch(/shard 2 of 2.*invalid_document_id.*live index was left as it was/s);
    expect((await two.search({ q: '', filters: {}, page: 1, perPage: 1 })).total).toBe(chunks.length);
    for (const s of servers.slice(0, 2)) {
      const uids = (await new Meilisearch({ host: s.url, apiKey: s.apiKey }).getRawIndexes()).results.map((i) => i.uid).sort();
      expect(uids).toEqual(['chunks', 'chunks_docs']);
    }
  });

  it('say which shard is down instead of answering with half the corpus', async () => {
    await servers[1].stop();
    try {
      await expect(two.search({ q: '调解', filters: {}, page: 1, perPage: 5 })).rejects.toThrow(/shard|unreachable/);
      expect((await two.health()).ok).toBe(false);
    } finally {
      await servers[1].restart();
    }
  });
});
