// The same contract against a live Meilisearch: run by `npm run test:meili`, which starts one.
import { backendContract } from './backend-contract';
import { liveMeili, meiliTestBackend } from '../helpers/backend';

const live = liveMeili();

if (live) {
  backendContract('Meilisearch', (slow) => meiliTestBackend(live, 'contract', slow ? { timeoutMs: 60_000 } : {}));
} else {
  console.warn('Skipping the Meilisearch contract suite: MEILI_URL is not set (npm run test:meili starts a local Meilisearch when one is installed).');
  describe.skip('Meilisearch backend contract (needs MEILI_URL)', () => {
    it('runs the shared contract against a real server', () => undefined);
  });
}
