// The re-index sequence and its failure paths, with the client's HTTP layer stubbed at fetch.
import { MeiliBackend } from '../../search/meilisearch/backend';
import { IndexBuildError, SearchUnavailableError } from '../../search/errors';
import { seedCorpus } from '../helpers/corpus';

interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Reply = { status: number; body?: unknown };

/** Answers like Meilisearch's documented API: writes enqueue tasks, GET /tasks/:uid reports them. */
function stubMeili(decide: (call: Call) => Reply | 'task' | { task: 'failed'; error: { code: string; message: string } } | 'hang' | 'unreachable') {
  const calls: Call[] = [];
  const tasks = new Map<number, { status: string; error?: unknown }>();
  let next = 1;
  const spy = jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' && init.body ? JSON.parse(init.body) : undefined;
    const taskPoll = /^\/tasks\/(\d+)$/.exec(url.pathname);
    let reply: Reply;
    if (taskPoll) {
      const t = tasks.get(Number(taskPoll[1]));
      reply = { status: 200, body: { uid: Number(taskPoll[1]), status: t?.status ?? 'succeeded', error: t?.error ?? null, type: 'x' } };
    } else {
      const call = { method, path: url.pathname, body };
      calls.push(call);
      const d = decide(call);
      if (d === 'unreachable') throw new TypeError('fetch failed');
      if (d === 'hang') {
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted'))));
      }
      if (d === 'task' || (typeof d === 'object' && 'task' in d)) {
        const uid = next++;
        tasks.set(uid, d === 'task' ? { status: 'succeeded' } : { status: 'failed', error: d.error });
        reply = { status: 202, body: { taskUid: uid, indexUid: null, status: 'enqueued', type: 'x', enqueuedAt: new Date().toISOString() } };
      } else reply = d;
    }
    return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json' } });
  });
  return { calls, restore: () => spy.mockRestore() };
}

const notFound = (code: string): Reply => ({ status: 404, body: { message: `${code}`, code, type: 'invalid_request', link: '' } });

const backend = (timeoutMs = 2000) =>
  new MeiliBackend({
    url: 'http://127.0.0.1:7700',
    apiKey: 'k',
    index: 'chunks',
    timeoutMs,
    taskTimeoutMs: 2000,
    settings: { dictionary: ['枫桥经验'], aliases: {} },
    batchSize: 50,
  });

/** Default behaviour of a healthy server on its first build. */
function healthy(call: Call): Reply | 'task' {
  if (call.method === 'GET' && /^\/indexes\/chunks(_docs)?$/.test(call.path)) return notFound('index_not_found');
  if (call.method === 'DELETE') return /_\d+$/.test(call.path) ? 'task' : notFound('index_not_found');
  if (call.method === 'GET' && call.path.endsWith('/stats')) return { status: 200, body: { numberOfDocuments: 1, isIndexing: false, fieldDistribution: {} } };
  if (call.method === 'GET')
    return { status: 200, body: { uid: 'chunks', primaryKey: 'id', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' } };
  return 'task';
}

describe('re-indexing Meilisearch', () => {
  const { docs, chunks } = seedCorpus();

  it('loads a new index, checks every task, swaps it in and deletes the leftovers', async () => {
    let built = false;
    const stub = stubMeili((call) => {
      if (call.method === 'GET' && call.path === '/indexes/chunks' && built) return { status: 200, body: { uid: 'chunks', updatedAt: '2026-01-02T00:00:00Z' } };
      if (call.path === '/swap-indexes') built = true;
      return healthy(call);
    });
    try {
      const stats = await backend().replaceAll(docs, chunks);
      const paths = stub.calls.map((c) => `${c.method} ${c.path}`);
      const created = stub.calls.filter((c) => c.method === 'POST' && c.path === '/indexes').map((c) => (c.body as { uid: string }).uid);
      expect(created).toHaveLength(2);
      const [next, nextDocs] = created;
      expect(next).toMatch(/^chunks_\d+$/);
      expect(nextDocs).toMatch(/^chunks_docs_\d+$/);
      const settingsAt = paths.indexOf(`PATCH /indexes/${next}/settings`);
      const firstDocsAt = paths.indexOf(`POST /indexes/${next}/documents`);
      const swapAt = paths.indexOf('POST /swap-indexes');
      expect(settingsAt).toBeGreaterThan(-1);
      expect(firstDocsAt).toBeGreaterThan(settingsAt);
      expect(swapAt).toBeGreaterThan(paths.lastIndexOf(`POST /indexes/${next}/documents`));
      const added = stub.calls.filter((c) => c.path === `/indexes/${next}/documents`).flatMap((c) => c.body as { id: string; textGrams: string }[]);
      expect(added.map((d) => d.id)).toEqual(chunks.map((c) => c.id));
      expect(added[0].textGrams.length).toBeGreaterThan(0);
      // First build: the new indexes are renamed to the live names in one atomic task.
      expect(stub.calls[swapAt].body).toEqual([
        { indexes: [next, 'chunks'], rename: true },
        { indexes: [nextDocs, 'chunks_docs'], rename: true },
      ]);
      expect(stats).toMatchObject({ backend: 'meilisearch', builtAt: '2026-01-02T00:00:00.000Z' });
    } finally {
      stub.restore();
    }
  });

  it('swaps with the live indexes when they exist', async () => {
    const stub = stubMeili((call) => {
      if (call.method === 'GET' && /^\/indexes\/chunks(_docs)?$/.test(call.path)) return { status: 200, body: { uid: call.path.slice(9) } };
      return healthy(call);
    });
    try {
      await backend().replaceAll(
        docs.slice(0, 1),
        chunks.filter((c) => c.docId === docs[0].id),
      );
      const swap = stub.calls.find((c) => c.path === '/swap-indexes');
      expect((swap?.body as { indexes: string[]; rename: boolean }[]).map((p) => [p.indexes[0], p.rename])).toEqual([
        ['chunks', false],
        ['chunks_docs', false],
      ]);
      // The old data, now under the temporary names, is deleted after the swap.
      const swapAt = stub.calls.indexOf(swap as Call);
      const deletes = stub.calls
        .slice(swapAt)
        .filter((c) => c.method === 'DELETE')
        .map((c) => c.path);
      expect(deletes).toEqual([expect.stringMatching(/^\/indexes\/chunks_\d+$/), expect.stringMatching(/^\/indexes\/chunks_docs_\d+$/)]);
    } finally {
      stub.restore();
    }
  });

  it('leaves the live index untouched and reports Meilisearch’s code and message when a task fails', async () => {
    const stub = stubMeili((call) => {
      if (call.method === 'POST' && /^\/indexes\/chunks_\d+\/documents$/.test(call.path))
        return { task: 'failed', error: { code: 'invalid_document_id', message: 'Document identifier `x y` is invalid.' } };
      return healthy(call);
    });
    try {
      const err = await backend()
        .replaceAll(docs, chunks)
        .catch((e) => e);
      expect(err).toBeInstanceOf(IndexBuildError);
      expect(err.message).toMatch(/invalid_document_id: Document identifier `x y` is invalid\..*live index was left as it was/);
      expect(stub.calls.some((c) => c.path === '/swap-indexes')).toBe(false);
      const deleted = stub.calls.filter((c) => c.method === 'DELETE').map((c) => c.path);
      expect(deleted).toEqual([expect.stringMatching(/^\/indexes\/chunks_\d+$/), expect.stringMatching(/^\/indexes\/chunks_docs_\d+$/)]);
    } finally {
      stub.restore();
    }
  });

  it('reports an unreachable server as a failed build, without touching anything', async () => {
    const stub = stubMeili(() => 'unreachable');
    try {
      const err = await backend()
        .replaceAll(docs, chunks)
        .catch((e) => e);
      expect(err).toBeInstanceOf(IndexBuildError);
      expect(err.message).toMatch(/unreachable/);
    } finally {
      stub.restore();
    }
  });
});

describe('Meilisearch down or slow', () => {
  it('answers searches with a typed "unavailable" error and says so in health', async () => {
    const stub = stubMeili(() => 'unreachable');
    try {
      const b = backend();
      await expect(b.search({ q: '调解', filters: {}, page: 1, perPage: 10 })).rejects.toBeInstanceOf(SearchUnavailableError);
      expect(await b.health()).toMatchObject({ ok: false, backend: 'meilisearch' });
    } finally {
      stub.restore();
    }
  });

  it('gives up on a request that does not answer in time', async () => {
    const stub = stubMeili(() => 'hang');
    try {
      const started = Date.now();
      await expect(backend(200).search({ q: '调解', filters: {}, page: 1, perPage: 10 })).rejects.toBeInstanceOf(SearchUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      stub.restore();
    }
  });

  it('reads chunks and reports, and treats an unknown id as absent', async () => {
    const chunk = seedCorpus().chunks[3];
    const stub = stubMeili((call) => {
      if (call.path === `/indexes/chunks/documents/${chunk.id}`) return { status: 200, body: { ...chunk, year: String(chunk.year), order: 4, textGrams: 'x' } };
      if (call.path.startsWith('/indexes/chunks/documents/')) return notFound('document_not_found');
      return healthy(call);
    });
    try {
      const b = backend();
      expect(await b.getChunk(chunk.id)).toEqual(chunk);
      expect(await b.getChunk('nope-0000000000')).toBeNull();
      expect(await b.getChunk('../etc/passwd')).toBeNull();
    } finally {
      stub.restore();
    }
  });
});
