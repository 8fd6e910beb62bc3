// The same contract against a real Meilisearch, whenever MEILI_URL points at one.
import { MeiliBackend } from '../../search/meilisearch/backend';
import { testRules } from '../helpers/corpus';
import { backendContract } from './backend-contract';

const url = process.env.MEILI_URL;

if (url) {
  const index = `kb_contract_${process.pid}`;
  backendContract(
    'Meilisearch',
    async () => {
      const rules = testRules();
      return new MeiliBackend({
        url,
        apiKey: process.env.MEILI_API_KEY,
        index,
        timeoutMs: 10_000,
        taskTimeoutMs: 300_000,
        settings: { dictionary: [], aliases: rules.practices.aliases },
      });
    },
    async () => {
      const headers = { Authorization: `Bearer ${process.env.MEILI_API_KEY ?? ''}` };
      for (const uid of [index, `${index}_docs`]) await fetch(`${url}/indexes/${uid}`, { method: 'DELETE', headers }).catch(() => undefined);
    },
  );
} else {
  console.warn(
    'Skipping the Meilisearch contract suite: MEILI_URL is not set (no Meilisearch server can be installed on this machine; set MEILI_URL=http://host:7700 and MEILI_API_KEY to run it).',
  );
  describe.skip('Meilisearch backend contract (needs MEILI_URL)', () => {
    it('runs the shared contract against a real server', () => undefined);
  });
}
