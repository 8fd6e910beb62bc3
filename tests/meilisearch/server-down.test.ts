import request from 'supertest';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { MeiliBackend } from '../../search/meilisearch/backend';
import { TAXONOMY_DIR } from '../helpers/corpus';

describe('the web pages when Meilisearch is down', () => {
  // Port 9 on loopback: nothing listens, the connection is refused at once.
  const backend = new MeiliBackend({ url: 'http://127.0.0.1:9', index: 'chunks', timeoutMs: 1000 });
  const app = createApp(backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });

  it('answers 503 with a plain message on pages and in JSON, and says so in /healthz', async () => {
    const page = await request(app).get('/?q=%E8%B0%83%E8%A7%A3').expect(503);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.text).toContain('搜索服务暂时不可用');
    const api = await request(app).get('/api/search?q=x').expect(503);
    expect(api.body.error.message).toMatch(/Meilisearch is unreachable/);
    const health = await request(app).get('/healthz').expect(503);
    expect(health.body).toMatchObject({ ok: false, backend: 'meilisearch' });
  });
});
