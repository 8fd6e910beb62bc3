// npm start: build the index when there is none, then serve it.
import { loadConfig } from '../search/config';
import { createBackend } from '../search/create';
import { buildIndex, summary } from '../indexer/build';
import { createApp, type SkippedReport } from './app';
import { loadLabels } from './labels';

async function main(): Promise<void> {
  const config = loadConfig();
  const backend = createBackend(config);
  const where = config.backend === 'meilisearch' ? `Meilisearch index "${config.meili.index}" at ${config.meili.url}` : config.indexFile;
  let skippedReports: SkippedReport[] = [];
  const stats = await backend.stats().catch((err: Error) => {
    // A search server that is down now may be back soon: serve anyway, pages answer 503 meanwhile.
    console.warn(`Warning: ${err.message}. Serving anyway; pages answer 503 until the search backend is reachable.`);
    return null;
  });
  if (stats === null) {
    // Nothing to do until the backend answers.
  } else if (stats.chunks === 0) {
    console.log(`No index yet in ${where}; indexing ${config.reportsDir} ...`);
    // Reports that cannot be used are skipped and reported; the others are served.
    const built = await buildIndex(config, backend);
    console.log(summary(built));
    skippedReports = built.skipped;
  } else {
    console.log(`Index in ${where}: ${stats.docs} reports, ${stats.chunks} chunks, built ${stats.builtAt}. (npm run kb -- index to rebuild)`);
  }
  const app = createApp(backend, loadLabels(config.taxonomyDir), {
    logLevel: process.env.LOG_LEVEL ?? 'info',
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    skippedReports,
  });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`);
  });
  const stop = () => server.close(() => void backend.close());
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`Error: ${(err as Error).message}`);
  process.exitCode = 1;
});
