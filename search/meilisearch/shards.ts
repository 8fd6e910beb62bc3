// Several Meilisearch instances as shards of one index: each report (and its chunks) lives on one
// shard, chosen by a stable hash of its id; a search goes to one instance in turn, which asks every
// shard through Meilisearch's remote federated search (the `network` feature: each instance knows
// itself and the others by name) and merges ranking, facets, counts and pages.
import { Meilisearch } from 'meilisearch';
import { SearchUnavailableError } from '../errors';
import { toSearchError } from './client-errors';

/** The instances of a MEILI_URL: one address, or several separated by commas. */
export function shardUrls(url: string): string[] {
  return url
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/** FNV-1a over the id's UTF-8 bytes: the same shard for a report on every run and machine. */
export function shardOf(reportId: string, count: number): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(reportId, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h % count;
}

/** A shard's name in every instance's network. */
export const remoteName = (i: number) => `kb${i}`;

export class Shards {
  readonly urls: string[];
  readonly clients: Meilisearch[];
  private turn = 0;
  private network: Promise<void> | null = null;

  constructor(
    url: string,
    private readonly apiKey: string | undefined,
    timeoutMs: number,
  ) {
    this.urls = shardUrls(url);
    if (!this.urls.length) throw new Error('MEILI_URL names no Meilisearch instance.');
    this.clients = this.urls.map(
      (host) =>
        new Meilisearch({
          host,
          apiKey,
          timeout: timeoutMs,
          // Meilisearch 1.50 holds a compressed answer back about 40 ms before sending it (measured on
          // loopback: 48 ms with gzip or br, 3–10 ms without); answers travel uncompressed.
          requestInit: { headers: { 'Accept-Encoding': 'identity' } },
        }),
    );
  }

  get sharded(): boolean {
    return this.clients.length > 1;
  }

  /** The remote names a federated search spreads its queries over, when there are several shards. */
  get remotes(): string[] | undefined {
    return this.sharded ? this.urls.map((_, i) => remoteName(i)) : undefined;
  }

  /** The shard holding a report. */
  of(reportId: string): number {
    return shardOf(reportId, this.clients.length);
  }

  /** The instance that runs the next search: each in turn, so that the work is shared. */
  next(): Meilisearch {
    const c = this.clients[this.turn % this.clients.length];
    this.turn = (this.turn + 1) % this.clients.length;
    return c;
  }

  /**
   * Makes every instance know the others (once per process; again after a failure): the network
   * feature turned on, and this instance's name and the others' addresses and key in its network.
   */
  ready(): Promise<void> {
    if (!this.sharded) return Promise.resolve();
    this.network ??= this.configure().catch((err) => {
      this.network = null;
      throw err;
    });
    return this.network;
  }

  private async configure(): Promise<void> {
    const remotes = Object.fromEntries(this.urls.map((url, i) => [remoteName(i), { url, searchApiKey: this.apiKey ?? null }]));
    await Promise.all(
      this.clients.map(async (client, i) => {
        try {
          const network = await client.getNetwork().catch(() => null);
          const current = network?.remotes ?? {};
          const same =
            network?.self === remoteName(i) &&
            Object.entries(remotes).every(([k, r]) => current[k]?.url === r.url && current[k]?.searchApiKey === r.searchApiKey);
          if (same) return;
          await client.updateExperimentalFeatures({ network: true });
          await client.updateNetwork({ self: remoteName(i), remotes });
        } catch (err) {
          throw toSearchError(`Setting up shard ${remoteName(i)} (${this.urls[i]}) for remote search`, err);
        }
      }),
    );
  }
}

/** A federated answer from shards that did not all answer is no answer: say which failed. */
export function checkRemoteErrors(answer: { remoteErrors?: Record<string, { message?: string; code?: string }> }): void {
  const failed = Object.entries(answer.remoteErrors ?? {});
  if (!failed.length) return;
  const what = failed.map(([name, e]) => `${name}: ${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ');
  throw new SearchUnavailableError(`Searching: a Meilisearch shard did not answer (${what})`);
}

interface Counted {
  totalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

/** Count-only answers of every shard, added up answer by answer: totals and facet counts. */
export function addCounts<T extends Counted>(perShard: T[][]): T[] {
  return perShard[0].map((first, i) => {
    const facets: Record<string, Record<string, number>> = {};
    let total = 0;
    for (const answers of perShard) {
      const a = answers[i];
      total += a.totalHits ?? 0;
      for (const [attr, dist] of Object.entries(a.facetDistribution ?? {}))
        for (const [v, n] of Object.entries(dist)) (facets[attr] ??= Object.create(null) as Record<string, number>)[v] = (facets[attr][v] ?? 0) + n;
    }
    return { ...first, hits: [], totalHits: total, facetDistribution: facets };
  });
}
