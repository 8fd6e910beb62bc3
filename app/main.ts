// npm start: build the index when there is none, then serve it.
import { loadConfig } from './config';
import { runCluster, webConcurrency } from './cluster';
import { createBackend } from '../search/create';
import { buildIndex, summary } from './build';
import { CorpusEdits } from '../admin/corpus-edits';
import { adminRoutes } from '../admin/routes';
import { IngestWorker } from '../admin/ingest';
import { removedOnFrom } from './removed';
import { createApp } from '../server/app';
import { chinaMap } from '../server/map';
import type { FileProblem } from '../core/types';
import { loadLabels } from '../server/labels';
import { Journal } from '../admin/journal';
import { IndexKeeper } from './index-keeper';

async function main(): Promise<void> {
  const config = loadConfig();
  // WEB_CONCURRENCY above 1: this process starts and watches the server processes (app/cluster.ts).
  if (runCluster(webConcurrency())) return;
  // The admin's re-index reports its progress through this.
  let indexProgress: ((done: number, total: number) => void) | null = null;
  const backend = createBackend(config, { onProgress: (done, total) => indexProgress?.(done, total) });
  const where = config.backend === 'meilisearch' ? `Meilisearch index "${config.meili.index}" at ${config.meili.url}` : config.indexFile;
  // Changes to the corpus that a killed process left half done are completed or rolled back first.
  const journal = new Journal(config.journalDir);
  for (const line of journal.recover()) console.log(line);
  // Uploads are converted, checked again at confirmation, and the corpus read (and the embedded
  // index written) for a re-index while the server serves, in a worker process (started when first needed).
  const ingest = new IngestWorker(config.taxonomyDir);
  const keeper = new IndexKeeper(
    config,
    backend,
    console.log,
    () => ingest.read(config.reportsDir, () => undefined),
    (file, digest) => ingest.index(config.reportsDir, file, digest, () => undefined),
  );
  let skippedReports: FileProblem[] = [];
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
    // An index that does not match the corpus is rebuilt in the background while it serves.
    await keeper.check();
  }
  const admin = config.adminToken
    ? adminRoutes({
        token: config.adminToken,
        ingest,
        uploadDir: config.uploadDir,
        backend: keeper.guard(),
        edits: new CorpusEdits({
          reportsDir: config.reportsDir,
          keptDir: config.keptDir,
          journal,
          ingest,
          rebuild: async (progress, read, index) => {
            indexProgress = (done, total) => progress(0.5 + (0.5 * done) / Math.max(1, total), 'indexing');
            try {
              progress(0.05, 'reading');
              // Every build of the process goes through the keeper, one at a time.
              const built = await keeper.rebuild(read, index);
              if (built.skipped.length) console.warn(summary(built));
              return { reports: built.docs.length, chunks: built.chunks, skipped: built.skipped };
            } finally {
              indexProgress = null;
            }
          },
        }),
      })
    : undefined;
  if (admin) console.log('Admin pages on at /admin (ADMIN_TOKEN is set).');
  const app = createApp(keeper.guard(), loadLabels(config.taxonomyDir), {
    logLevel: process.env.LOG_LEVEL ?? 'info',
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    skippedReports,
    removedOn: removedOnFrom(config.keptDir),
    routes: admin ? [admin] : [],
  });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`);
    // The comparison page's map is drawn once, now rather than at its first request.
    void chinaMap().then((map) => map && console.log(`Map of China drawn from the boundary data in ${map.tookMs} ms.`));
    if (!config.publicUrl)
      console.log('PUBLIC_URL is not set: permalinks in citations and exports name the host each request came to (set PUBLIC_URL to the address readers use).');
  });
  const stop = () => server.close(() => void backend.close());
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`Error: ${(err as Error).message}`);
  process.exitCode = 1;
});
