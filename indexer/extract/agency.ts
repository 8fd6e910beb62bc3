// Decides which agencies carry out a chunk's measure, from the speaker, the agencies the text
// names, and 该院/该局 references back to the agency that opens the section.
import type { Rules } from '../rules';
import { allPlaces } from '../gazetteer';

export interface AgencyMention {
  agency: string;
  /** The local full name as written, e.g. 保山市中级人民法院, or the bare term. */
  name: string;
  index: number;
  /** True when the name carries a place (保山市中级人民法院), not just a bare term (法院). */
  local: boolean;
}

const placeSets = new WeakMap<string[], Set<string>>();

function places(notPlaces: string[]): Set<string> {
  let set = placeSets.get(notPlaces);
  if (!set) {
    set = new Set();
    for (const p of allPlaces()) {
      set.add(p.name);
      if (p.short.length >= 2) set.add(p.short);
    }
    for (const n of notPlaces) set.delete(n);
    placeSets.set(notPlaces, set);
  }
  return set;
}

/** True when s is made of place names only, e.g. 昆明市官渡区, optionally ending in 委 (市委) or 城区. */
function isPlaceChain(s: string, names: Set<string>): boolean {
  const body = s.replace(/(?:委|城区)$/u, '');
  if (!body) return false;
  const ok: boolean[] = [true];
  for (let i = 1; i <= body.length; i++) {
    ok[i] = false;
    for (let len = 2; len <= Math.min(8, i); len++) if (ok[i - len] && names.has(body.slice(i - len, i))) ok[i] = true;
  }
  return ok[body.length];
}

/** The longest run of place names that ends right where an agency term starts. */
function placePrefix(before: string, names: Set<string>): string {
  for (let i = 0; i < before.length - 1; i++) if (isPlaceChain(before.slice(i), names)) return before.slice(i);
  return '';
}

/** Every agency named in the text, in order of appearance, with local full names where stated. */
export function findAgencies(text: string, rules: Rules['agencies']): AgencyMention[] {
  const names = places(rules.notPlaces);
  const found: AgencyMention[] = [];
  const taken: [number, number][] = [];
  for (const a of rules.list) {
    for (const re of a.patterns) {
      const g = new RegExp(re.source, 'gu');
      let m: RegExpExecArray | null;
      while ((m = g.exec(text))) {
        if (m[0].length === 0) {
          g.lastIndex++;
          continue;
        }
        const start = m.index;
        const end = start + m[0].length;
        if (taken.some(([s, e]) => start < e && end > s)) continue;
        taken.push([start, end]);
        const prefix = placePrefix(text.slice(Math.max(0, start - 12), start), names);
        found.push({ agency: a.id, name: prefix + m[0], index: start - prefix.length, local: prefix !== '' || isPlaceChain(m[0].slice(0, 2), names) });
      }
    }
  }
  return found.sort((x, y) => x.index - y.index);
}

export interface AgencyContext {
  /** Agency that answers in a Q&A section. */
  speakerAgency?: string;
  speakerMention?: AgencyMention;
  /** Agency named by the section heading or the section's opening paragraph. */
  sectionAgency?: AgencyMention;
}

export interface AgencyResult {
  agencies: string[];
  agencyNames: string[];
}

export function decideAgencies(heading: string, text: string, ctx: AgencyContext, rules: Rules['agencies']): AgencyResult {
  const agencies: string[] = [];
  const names: string[] = [];
  const add = (agency: string | undefined, m?: { name: string; local: boolean }) => {
    if (agency && !agencies.includes(agency)) agencies.push(agency);
    if (m?.local && !names.includes(m.name)) names.push(m.name);
  };
  if (ctx.speakerAgency) add(ctx.speakerAgency, ctx.speakerMention);
  const own = findAgencies(`${heading}\n${text}`, rules);
  const refersBack = rules.backReferences.some((w) => text.includes(w) || heading.includes(w));
  if (ctx.sectionAgency && (refersBack || own.length === 0)) add(ctx.sectionAgency.agency, ctx.sectionAgency);
  for (const m of own) add(m.agency, m);
  return { agencies, agencyNames: names };
}
