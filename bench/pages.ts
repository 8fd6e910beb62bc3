// npm run bench:pages: how fast the pages answer over the real corpus (median of repeated requests).
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../app/config';
import { createBackend } from '../search/create';
import { buildIndex } from '../app/build';
import { createApp } from '../server/app';
import { loadLabels } from '../server/labels';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

async function main(): Promise<void> {
  const config = loadConfig();
  const backend = createBackend(config);
  if ((await backend.stats()).chunks === 0) await buildIndex(config, backend);
  const app = createApp(backend, loadLabels(config.taxonomyDir), { logLevel: 'silent' });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const first = (await (await fetch(`${base}/api/search?per_page=1`)).json()) as { hits: { id: string; docId: string }[] };
  const pages = {
    'search, empty query': '/',
    'search 调解': `/?q=${encodeURIComponent('调解')}`,
    'search 调解 + 保山市 + 法院': `/?q=${encodeURIComponent('调解')}&city=${encodeURIComponent('保山市')}&agency=${encodeURIComponent('法院')}`,
    'measure permalink': `/chunks/${first.hits[0].id}`,
    'whole report': `/docs/${first.hits[0].docId}`,
    'CSV of 调解': `/search.csv?q=${encodeURIComponent('调解')}`,
    'compare matrix, whole corpus': '/compare',
    'measures side by side': `/compare/measures?city=${encodeURIComponent('保山市')}&city=${encodeURIComponent('昆明市')}&theme=mediation`,
    'figures 网格': `/figures?label=${encodeURIComponent('网格')}`,
  };
  for (const [name, path] of Object.entries(pages)) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const t = performance.now();
      const res = await fetch(base + path);
      await res.arrayBuffer();
      if (i >= 3) times.push(performance.now() - t);
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(28)} median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(1)} ms`);
  }
  server.close();
  await backend.close();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
