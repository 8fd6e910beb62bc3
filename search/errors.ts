// Typed errors shared by every backend, so callers can tell bad input from an unavailable engine.

export class SearchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The engine cannot be reached or has no index yet. */
export class SearchUnavailableError extends SearchError {}

/** The engine answered but refused the request. */
export class SearchRequestError extends SearchError {
  constructor(
    message: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A request came in with values we cannot use (bad page number, unknown sort ...). */
export class InvalidRequestError extends SearchError {
  constructor(
    message: string,
    /** What a caller can tell its users in their language, where the request is refused for a limit. */
    readonly limit?: { code: 'too-many-alternatives'; max: number },
  ) {
    super(message);
  }
}

/** Loading a new index failed; the live index was left as it was. */
export class IndexBuildError extends SearchError {}
