import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../helpers/corpus';

describe('docker-compose.yml', () => {
  // Docker Compose reads YAML merge keys (<<: *anchor).
  const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
  const { meilisearch, app } = compose.services;

  it('runs a pinned Meilisearch v1 with its master key from the environment, a data volume and a health check', () => {
    expect(meilisearch.image).toMatch(/^getmeili\/meilisearch:v1\.\d+\.\d+$/);
    expect(meilisearch.environment.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY/);
    expect(meilisearch.volumes).toContain('meili-data:/meili_data');
    expect(compose.volumes).toHaveProperty('meili-data');
    expect(meilisearch.healthcheck.test.join(' ')).toContain('/health');
  });

  it("caps every Meilisearch's indexing memory (its default is two thirds of the machine's RAM)", () => {
    for (const n of ['meilisearch', 'meili-shard0', 'meili-shard1'])
      expect(compose.services[n].environment.MEILI_MAX_INDEXING_MEMORY).toMatch(/^\$\{MEILI_MAX_INDEXING_MEMORY:-\d+MiB\}$/);
  });

  it('builds the app, points it at Meilisearch and starts it once Meilisearch is healthy', () => {
    expect(app.build).toBe('.');
    expect(app.environment).toMatchObject({ SEARCH_BACKEND: 'meilisearch', MEILI_URL: 'http://meilisearch:7700' });
    expect(app.environment.MEILI_API_KEY).toMatch(/MEILI_MASTER_KEY/);
    expect(app.depends_on.meilisearch.condition).toBe('service_healthy');
  });

  it('has a two-shard profile: two Meilisearch instances with one key, allowed to reach each other, and the app searching both', () => {
    const [a, b, app2] = ['meili-shard0', 'meili-shard1', 'app-shards'].map((n) => compose.services[n]);
    for (const s of [a, b, app2]) expect(s.profiles).toEqual(['shards']);
    for (const s of [a, b]) {
      expect(s.image).toBe(meilisearch.image);
      expect(s.environment.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY/);
      expect(s.environment.MEILI_EXPERIMENTAL_ALLOWED_IP_NETWORKS).toMatch(/172\.16\.0\.0\/12/);
      expect(s.healthcheck.test.join(' ')).toContain('/health');
    }
    expect(a.volumes).toEqual(['meili-shard0:/meili_data']);
    expect(b.volumes).toEqual(['meili-shard1:/meili_data']);
    expect(app2.environment.MEILI_URL).toBe('http://meili-shard0:7700,http://meili-shard1:7700');
    expect(app2.environment.MEILI_API_KEY).toMatch(/MEILI_MASTER_KEY/);
    expect(Object.keys(app2.depends_on).sort()).toEqual(['meili-shard0', 'meili-shard1']);
    expect(meilisearch.profiles).toBeUndefined();
  });

  it('binds every published port to 127.0.0.1', () => {
    for (const s of Object.values(compose.services) as { ports?: string[] }[]) for (const p of s.ports ?? []) expect(p).toMatch(/^127\.0\.0\.1:/);
  });

  it('runs the app image as a non-root user after a multi-stage build', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
