// npm start: build the index when there is none, then report what is being served.
import { loadConfig } from '../search/config';
import { createBackend } from '../search/create';
import { buildIndex, summary } from '../indexer/build';

async function main(): Promise<void> {
  const config = loadConfig();
  const backend = createBackend(config);
  const stats = await backend.stats();
  if (stats.chunks === 0) {
    console.log(`No index yet at ${config.indexFile}; indexing ${config.reportsDir} ...`);
    console.log(summary(await buildIndex(config, backend)));
  } else {
    console.log(`Index at ${config.indexFile}: ${stats.docs} reports, ${stats.chunks} chunks, built ${stats.builtAt}.`);
  }
  await backend.close();
}

main().catch((err: unknown) => {
  console.error(`Error: ${(err as Error).message}`);
  process.exitCode = 1;
});
