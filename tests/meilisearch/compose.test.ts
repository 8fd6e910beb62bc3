import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../helpers/corpus';

describe('docker-compose.yml', () => {
  const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
  const { meilisearch, app } = compose.services;

  it('runs a pinned Meilisearch v1 with its master key from the environment, a data volume and a health check', () => {
    expect(meilisearch.image).toMatch(/^getmeili\/meilisearch:v1\.\d+\.\d+$/);
    expect(meilisearch.environment.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY/);
    expect(meilisearch.volumes).toContain('meili-data:/meili_data');
    expect(compose.volumes).toHaveProperty('meili-data');
    expect(meilisearch.healthcheck.test.join(' ')).toContain('/health');
  });

  it('builds the app, points it at Meilisearch and starts it once Meilisearch is healthy', () => {
    expect(app.build).toBe('.');
    expect(app.environment).toMatchObject({ SEARCH_BACKEND: 'meilisearch', MEILI_URL: 'http://meilisearch:7700' });
    expect(app.environment.MEILI_API_KEY).toMatch(/MEILI_MASTER_KEY/);
    expect(app.depends_on.meilisearch.condition).toBe('service_healthy');
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
