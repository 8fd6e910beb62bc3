// What the map shades, whatever the matrix's view: per city with results, its measures under the
// current search and all its measures of the kinds counted (for shares that offset report length).
import type { SearchBackend } from '../../core/types';
import type { SearchState } from '../url-state';
import type { CityCount } from './view';

export async function cityCounts(backend: SearchBackend, state: SearchState): Promise<CityCount[]> {
  const req = { q: state.q, ...(state.scope ? { scope: state.scope } : {}), filters: state.filters, page: 1, perPage: 1 };
  // A city's share is of all its measures of the kinds counted, whatever the query and the other filters.
  const everything = { q: '', filters: state.filters.kind ? { kind: state.filters.kind } : {}, page: 1, perPage: 1 };
  const [byCity, all] = await Promise.all([backend.crossCounts(req, 'city', 'province'), backend.crossCounts(everything, 'city', 'province')]);
  const allOf = new Map(all.rows.map((r) => [r.value, r.count]));
  return byCity.rows.map((r) => ({ city: r.value, province: Object.keys(r.cells)[0], count: r.count, all: allOf.get(r.value) ?? r.count }));
}
