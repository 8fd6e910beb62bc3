// npm run test:meili: the contract, HTTP, browser and operations tests against a live Meilisearch
// started for the run (see meili-local.ts). Without a binary it says why it skipped, and succeeds.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startLocalMeili, whyNoMeili } from './meili-local';

const SUITES = ['tests/contract', 'tests/http', 'tests/e2e', 'tests/meilisearch'];

async function main(): Promise<number> {
  const why = whyNoMeili();
  if (why) {
    console.log(`Skipping the live Meilisearch suite: ${why}. Install Meilisearch (or set MEILI_BIN) to run it.`);
    return 0;
  }
  const meili = await startLocalMeili();
  console.log(`Live Meilisearch ${meili.version} (${meili.binary}) on ${meili.url}`);
  try {
    const jest = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
    // Test paths given on the command line narrow the run; other arguments go to jest.
    const args = process.argv.slice(2);
    const paths = args.filter((a) => !a.startsWith('-'));
    // One suite at a time: the server indexes one task after another, and a suite that loads a
    // large index would otherwise hold up the others' set-up and searches past their timeouts.
    const r = spawnSync(process.execPath, [jest, '--runInBand', ...(paths.length ? [] : SUITES), ...args], {
      stdio: 'inherit',
      env: { ...process.env, SEARCH_BACKEND: 'meilisearch', MEILI_URL: meili.url, MEILI_API_KEY: meili.apiKey, MEILI_BIN: meili.binary },
    });
    console.log(`Live Meilisearch suite on ${meili.version}: ${r.status === 0 ? 'passed' : 'FAILED'}`);
    return r.status ?? 1;
  } finally {
    await meili.dispose();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  },
);
