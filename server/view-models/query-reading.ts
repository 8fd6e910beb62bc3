// How the search read a query, when it read more than plain words: separators and operators
// (调解、网格 → 调解 且 网格), scopes (标题:网格员, "网格员 调解"~sentence, the scope choice) and
// what it left out. The JSON twin gives it as query.read; the page says it in its language.
import type { Scope } from '../../core/types';
import { parseQuery, type QueryNote } from '../../search/query';
import { messages } from '../i18n';

export interface QueryReading {
  groups: string[][];
  exclude: string[];
  /** The scope chosen for the whole query (scope=…), when one was. */
  scope?: Scope;
  /** Each group's scope (null: anywhere), when any word has one. */
  scopes?: (Scope | null)[];
  excludeScopes?: (Scope | null)[];
  notes?: QueryNote[];
}

/** The reading of a query, or null when it is only words, phrases, -words and OR. */
export function readingOf(q: string, scope: Scope | null = null): QueryReading | null {
  const p = parseQuery(q, scope ? { scope } : {});
  if (!p.habits && !p.scopes && !p.notes && !scope) return null;
  // A scope with no query (scope=heading alone) reads nothing.
  if (!p.groups.length && !p.exclude.length && !p.notes) return null;
  return {
    groups: p.groups,
    exclude: p.exclude,
    ...(scope ? { scope } : {}),
    ...(p.scopes ? { scopes: p.scopes, excludeScopes: p.excludeScopes } : {}),
    ...(p.notes ? { notes: p.notes } : {}),
  };
}

/** 标题:网格员 且 (调解 且 纠纷)（在同一句中）: the reading in the page's words, then its notes. */
export function readingText(read: QueryReading, m: ReturnType<typeof messages>): string {
  const group = (g: string[]) => (g.length > 1 ? `(${g.join(` ${m.opOr} `)})` : g[0]);
  const parts: string[] = [];
  const together: string[] = [];
  let proximity: Scope | null = null;
  read.groups.forEach((g, i) => {
    const scope = read.scopes?.[i] ?? null;
    if (scope === 'heading') parts.push(`${m.scopeName('heading')}:${group(g)}`);
    else if (scope) {
      proximity = scope;
      together.push(group(g));
    } else parts.push(group(g));
  });
  read.exclude.forEach((w, i) => {
    const scope = read.excludeScopes?.[i] ?? null;
    if (scope === 'heading') parts.push(`${m.opNot} ${m.scopeName('heading')}:${w}`);
    else if (scope) together.push(`${m.opNot} ${w}`);
    else parts.push(`${m.opNot} ${w}`);
  });
  if (proximity) parts.unshift(`(${together.join(` ${m.opAnd} `)}) ${m.scopeIn(proximity)}`);
  const notes = (read.notes ?? []).map((n) => m.queryNote(n.code, 'text' in n ? n.text : m.scopeName(n.scope)));
  return [parts.join(` ${m.opAnd} `), ...notes].filter(Boolean).join(m.opAnd === '且' ? '；' : '; ');
}
