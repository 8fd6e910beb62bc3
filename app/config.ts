// Configuration from the environment, read once and passed in; nothing else reads process.env.
import path from 'node:path';

export interface Config {
  backend: 'sqlite' | 'meilisearch';
  /** The embedded index file. */
  indexFile: string;
  /** Report files (corpus/reports) and extraction data (corpus/taxonomy). */
  reportsDir: string;
  taxonomyDir: string;
  port: number;
  host: string;
  /** The address readers use (https://kb.example.org), for permalinks in citations and exports. */
  publicUrl?: string;
  /** Express's "trust proxy" setting: which proxies' X-Forwarded-* headers to believe (none by default). */
  trustProxy?: string;
  /** url: one server, or several shards' servers separated by commas; mode: exact or native. */
  meili: { url?: string; apiKey?: string; index: string; timeoutMs: number; mode: 'exact' | 'native' };
  /** The secret that opens /admin; without it there is no admin page. */
  adminToken?: string;
  /** Where removed and replaced reports are kept. */
  keptDir: string;
  /** The corpus journal: changes to report files in progress (admin/journal.ts). */
  journalDir: string;
  /** Uploads waiting for their conversion (the editors' only, 0700), outside every served folder. */
  uploadDir: string;
}

/** An admin token shorter than this is refused: it could be guessed. */
export const MIN_ADMIN_TOKEN = 16;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const backend = (env.SEARCH_BACKEND ?? 'sqlite').trim().toLowerCase();
  if (backend !== 'sqlite' && backend !== 'meilisearch')
    throw new ConfigError(`SEARCH_BACKEND must be "sqlite" or "meilisearch" (got "${env.SEARCH_BACKEND}").`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number (got "${env.PORT}").`);
  const corpus = path.resolve(cwd, env.CORPUS_DIR ?? 'corpus');
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? 'data');
  const timeoutMs = Number(env.MEILI_TIMEOUT_MS ?? 5000);
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl)) throw new ConfigError(`PUBLIC_URL must be an http(s) address (got "${publicUrl}").`);
  const meiliUrls = (env.MEILI_URL ?? '').split(',').map((u) => u.trim());
  if (env.MEILI_URL?.trim() && meiliUrls.some((u) => !/^https?:\/\/[^\s/,]+(\/[^\s,]*)?$/.test(u)))
    throw new ConfigError(`MEILI_URL must be one http(s) address, or several separated by commas (got "${env.MEILI_URL}").`);
  const meiliMode = (env.MEILI_MODE ?? 'exact').trim().toLowerCase();
  if (meiliMode !== 'exact' && meiliMode !== 'native') throw new ConfigError(`MEILI_MODE must be "exact" or "native" (got "${env.MEILI_MODE}").`);
  const adminToken = env.ADMIN_TOKEN?.trim() || undefined;
  if (adminToken && adminToken.length < MIN_ADMIN_TOKEN) throw new ConfigError(`ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN} characters long.`);
  return {
    backend,
    adminToken,
    keptDir: path.join(dataDir, 'removed-reports'),
    journalDir: path.join(dataDir, 'journal'),
    uploadDir: path.join(dataDir, 'uploads'),
    indexFile: path.resolve(dataDir, env.INDEX_FILE ?? 'index.sqlite'),
    reportsDir: path.join(corpus, 'reports'),
    taxonomyDir: path.join(corpus, 'taxonomy'),
    port,
    host: env.HOST ?? '127.0.0.1',
    publicUrl,
    trustProxy: env.TRUST_PROXY?.trim() || undefined,
    meili: {
      url: env.MEILI_URL?.trim() ? meiliUrls.join(',') : undefined,
      apiKey: env.MEILI_API_KEY || undefined,
      index: env.MEILI_INDEX || 'chunks',
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 5000,
      mode: meiliMode,
    },
  };
}
