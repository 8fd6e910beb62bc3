// Meilisearch client errors as our own: unreachable or timed out → unavailable; refused → a request error.
import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, MeilisearchTaskTimeOutError } from 'meilisearch';
import { SearchError, SearchRequestError, SearchUnavailableError } from '../errors';

const NOT_FOUND = new Set(['index_not_found', 'document_not_found']);
const AUTH_ERRORS = new Set(['invalid_api_key', 'missing_authorization_header', 'missing_master_key']);

/** A date as ISO text, or null. */
export function isoDate(d: unknown): string | null {
  const t = d instanceof Date || typeof d === 'string' ? new Date(d) : null;
  return t && !Number.isNaN(t.getTime()) ? t.toISOString() : null;
}

/** Our error for a client error: unreachable or timed out → unavailable; refused → request error. */
export function toSearchError(what: string, err: unknown): SearchError {
  if (err instanceof SearchError) return err;
  if (err instanceof MeilisearchApiError) {
    const code = err.cause?.code;
    if (code && AUTH_ERRORS.has(code))
      return new SearchUnavailableError(
        `${what}: Meilisearch refused the API key (${code}). Set MEILI_API_KEY to the master key or a key allowed to search and index.`,
        {
          cause: err,
        },
      );
    const message = `${what}: Meilisearch answered ${err.response.status} ${code ?? ''}: ${err.cause?.message ?? err.message}`;
    if (code && NOT_FOUND.has(code) && code === 'index_not_found')
      return new SearchUnavailableError(`${message} (run "npm run kb -- index" first)`, { cause: err });
    return new SearchRequestError(message, code, { cause: err });
  }
  if (err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || err instanceof MeilisearchTaskTimeOutError)
    return new SearchUnavailableError(`${what}: Meilisearch is unreachable or too slow (${err.message})`, { cause: err });
  return new SearchError(`${what} failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
