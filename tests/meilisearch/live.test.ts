// Operating the knowledge base on a real Meilisearch: re-indexing under load, a failed load, the
// server stopped and started again, a wrong key, someone else's index, leftovers of a crash. Each
// test starts its own server (MEILI_BIN or meilisearch on PATH), so that it can stop and restart it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startLocalMeili, whyNoMeili, type LocalMeili } from '../../scripts/meili-local';
import { MeiliBackend } from '../../search/meilisearch/backend';
import { IndexBuildError, SearchUnavailableError } from '../../search/errors';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import type { Chunk } from '../../core/types';
import { TAXONOMY_DIR, seedCorpus } from '../helpers/corpus';

// Part of the live suite (npm run test:meili), which sets MEILI_URL and MEILI_BIN.
const why = !process.env.MEILI_URL ? 'they run in the live suite, npm run test:meili' : whyNoMeili();
if (why) console.warn(`Skipping the live Meilisearch operations tests: ${why}.`);
const describeLive = why ? describe.skip : describe;

describeLive('a live Meilisearch', () => {
  let meili: LocalMeili;
  const { docs, chunks } = seedCorpus();
  const backend = (over: Partial<ConstructorParameters<typeof MeiliBackend>[0]> = {}) =>
    new MeiliBackend({ url: meili.url, apiKey: meili.apiKey, index: 'chunks', timeoutMs: 2000, taskTimeoutMs: 120_000, ...over });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${meili.url}${path}`, { ...init, headers: { Authorization: `Bearer ${meili.apiKey}`, 'Content-Type': 'application/json', ...init.headers } });
  const indexUids = async () => ((await (await api('/indexes?limit=1000')).json()) as { results: { uid: string }[] }).results.map((i) => i.uid).sort();
  const waitTask = async (taskUid: number) => {
    for (;;) {
      const t = (await (await api(`/tasks/${taskUid}`)).json()) as { status: string };
      if (t.status !== 'enqueued' && t.status !== 'processing') return t;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    meili = await startLocalMeili();
  });
  afterAll(async () => meili?.dispose());

  async function serve(b: MeiliBackend): Promise<{ base: string; close: () => Promise<void> }> {
    const server: Server = createApp(b, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
  }

  it('re-indexes while searches run: no failed request and no empty result during the swap', async () => {
    const b = backend();
    await b.replaceAll(docs, chunks);
    const expected = (await b.search({ q: '调解', filters: {}, page: 1, perPage: 5 })).total;
    expect(expected).toBeGreaterThan(0);
    const { base, close } = await serve(b);
    let stop = false;
    const failures: string[] = [];
    let requests = 0;
    const worker = async () => {
      while (!stop && requests < 5000) {
        requests++;
        const res = await fetch(`${base}/api/search?q=${encodeURIComponent('调解')}&per_page=5`);
        const body = (await res.json()) as { total?: number };
        if (res.status !== 200 || body.total !== expected) failures.push(`${res.status} total=${body.total}`);
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    for (let i = 0; i < 3; i++) await b.replaceAll(docs, chunks);
    stop = true;
    await load;
    await close();
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    expect(await indexUids()).toEqual(['chunks', 'chunks_docs']);
  });

  it('leaves the live index serving when Meilisearch rejects a document, and reports its error code and message', async () => {
    const b = backend();
    await b.replaceAll(docs, chunks);
    const bad = [...chunks, { ...chunks[0], id: 'not a valid id!' } as Chunk];
    const err = await b.replaceAll(docs, bad).catch((e: Error) => e);
    expect(err).toBeInstanceOf(IndexBuildError);
    expect((err as Error).message).toMatch(/invalid_document_id/);
    expect((err as Error).message).toMatch(/live index was left as it was/);
    expect((await b.search({ q: '', filters: {}, page: 1, perPage: 1 })).total).toBe(chunks.length);
    expect(await indexUids()).toEqual(['chunks', 'chunks_docs']);
  });

  it('answers 503 with Retry-After while Meilisearch is stopped, says why in /healthz, and recovers when it is back', async () => {
    const b = backend({ timeoutMs: 1500 });
    await b.replaceAll(docs, chunks);
    const { base, close } = await serve(b);
    try {
      await meili.stop();
      const started = Date.now();
      const api503 = await fetch(`${base}/api/search?q=x`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(api503.status).toBe(503);
      expect(api503.headers.get('retry-after')).toBe('5');
      const page = await fetch(`${base}/?q=${encodeURIComponent('调解')}`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('搜索服务暂时不可用');
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { message: string }).message).toMatch(/unreachable/);

      await meili.restart();
      const back = await fetch(`${base}/api/search?q=${encodeURIComponent('调解')}`);
      expect(back.status).toBe(200);
      expect(((await back.json()) as { total: number }).total).toBeGreaterThan(0);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('says clearly when the API key is wrong', async () => {
    const b = backend({ apiKey: 'not-the-key' });
    const err = await b.search({ q: '调解', filters: {}, page: 1, perPage: 5 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SearchUnavailableError);
    expect((err as Error).message).toMatch(/refused the API key \(invalid_api_key\).*MEILI_API_KEY/);
    const health = await b.health();
    expect(health).toMatchObject({ ok: false });
    expect(health.message).toMatch(/API key/);
    await expect(b.replaceAll(docs, chunks)).rejects.toThrow(/API key/);
  });

  it('refuses to replace, and explains, an index of the same name that someone else created', async () => {
    const task = (await (await api('/indexes', { method: 'POST', body: JSON.stringify({ uid: 'theirs', primaryKey: 'id' }) })).json()) as { taskUid: number };
    await waitTask(task.taskUid);
    const add = (await (await api('/indexes/theirs/documents', { method: 'POST', body: JSON.stringify([{ id: 1, title: '别人的数据' }]) })).json()) as {
      taskUid: number;
    };
    await waitTask(add.taskUid);
    const b = backend({ index: 'theirs' });
    const search = await b.search({ q: '调解', filters: { city: ['保山市'] }, page: 1, perPage: 5 }).catch((e: Error) => e);
    expect(search).toBeInstanceOf(SearchUnavailableError);
    expect((search as Error).message).toMatch(/"theirs" was not created by this knowledge base/);
    expect((await b.health()).message).toMatch(/not created by this knowledge base/);
    await expect(b.replaceAll(docs, chunks)).rejects.toThrow(/not created by this knowledge base.*Nothing was changed/);
    const docsLeft = (await (await api('/indexes/theirs/documents')).json()) as { results: unknown[] };
    expect(docsLeft.results).toHaveLength(1);
  });

  it('removes the indexes an interrupted re-index left behind, and says so', async () => {
    const stamp = Date.now() - 3_600_000;
    for (const uid of [`leftover_${stamp}`, `leftover_docs_${stamp}`]) {
      const t = (await (await api('/indexes', { method: 'POST', body: JSON.stringify({ uid, primaryKey: 'id' }) })).json()) as { taskUid: number };
      await waitTask(t.taskUid);
    }
    const b = backend({ index: 'leftover', leftoverAgeMs: 0 });
    const stats = await b.replaceAll(docs, chunks);
    expect(stats.notes?.join(' ')).toMatch(new RegExp(`left by an interrupted re-index: leftover_${stamp}, leftover_docs_${stamp}`));
    expect((await indexUids()).filter((u) => u.startsWith('leftover'))).toEqual(['leftover', 'leftover_docs']);
  });
});
