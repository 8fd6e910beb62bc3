// The options of `kb search`: one --<field> option per filter field of the registry, repeatable.
import { parseArgs } from 'node:util';
import { fields, filterFields } from '../core/fields';
import type { Filters, Scope, SearchRequest, Sort } from '../core/types';

export interface SearchArgs {
  request: SearchRequest;
  json: boolean;
}

/** The filter options as the help text lists them. */
export function filterOptionsHelp(): string {
  return fields()
    .map((f) => `--${f.key} X`)
    .join('  ');
}

export function parseSearchArgs(args: string[]): SearchArgs {
  const multi = { type: 'string', multiple: true } as const;
  const options = Object.fromEntries(filterFields().map((f) => [f, multi]));
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...options,
      page: { type: 'string' },
      'per-page': { type: 'string' },
      sort: { type: 'string' },
      scope: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const filters: Filters = {};
  for (const f of filterFields()) {
    const v = (values as Record<string, unknown>)[f];
    if (Array.isArray(v)) filters[f] = v.map(String);
  }
  return {
    request: {
      q: positionals.join(' '),
      filters,
      sort: values.sort as Sort | undefined,
      // Checked by the backend, which names the allowed scopes when this is none of them.
      ...(values.scope ? { scope: values.scope as Scope } : {}),
      page: Number(values.page ?? 1),
      perPage: Number(values['per-page'] ?? 10),
    },
    json: values.json === true,
  };
}
