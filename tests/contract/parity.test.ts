// Both backends, loaded with the seed corpus, give the same totals and facet counts for every
// search of the contract suite. Runs whenever a live Meilisearch is available (npm run test:meili).
import type { SearchResult } from '../../core/types';
import { seedCorpus } from '../helpers/corpus';
import { liveMeili, meiliTestBackend, sqliteTestBackend, type TestBackend } from '../helpers/backend';
import { PARITY_REQUESTS } from './backend-contract';

const live = liveMeili();
if (!live) console.warn('Skipping the backend parity test: it needs a live Meilisearch (npm run test:meili).');
const describeLive = live ? describe : describe.skip;

const counts = (r: SearchResult) => ({
  total: r.total,
  facets: Object.fromEntries(Object.entries(r.facets).map(([f, values]) => [f, Object.fromEntries((values ?? []).map((v) => [v.value, v.count]))])),
});

describeLive('the embedded engine and Meilisearch', () => {
  let sqlite: TestBackend;
  let meili: TestBackend;

  beforeAll(async () => {
    const { docs, chunks } = seedCorpus();
    sqlite = sqliteTestBackend();
    meili = meiliTestBackend(live as NonNullable<typeof live>, 'parity');
    await Promise.all([sqlite.backend.replaceAll(docs, chunks), meili.backend.replaceAll(docs, chunks)]);
  });
  afterAll(async () => Promise.all([sqlite?.dispose(), meili?.dispose()]));

  it(`give the same totals and facet counts for all ${PARITY_REQUESTS.length} searches of the contract`, async () => {
    for (const r of PARITY_REQUESTS) {
      const [a, b] = await Promise.all([sqlite.backend.search(r), meili.backend.search(r)]);
      expect({ request: r, ...counts(b) }).toEqual({ request: r, ...counts(a) });
    }
  });
});
