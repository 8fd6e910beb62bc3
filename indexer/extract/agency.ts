// Decides which agencies carry out a chunk's measure, from the speaker, the agencies the text
// names, and 该院/该局 references back to the agency that opens the section.
import type { Rules } from '../rules';

export interface AgencyMention {
  agency: string;
  /** The local full name as written, e.g. 保山市中级人民法院, or the bare term. */
  name: string;
  index: number;
}

const PLACE_PREFIX = /(?:\p{Script=Han}{1,6}?(?:省|市|州|区|县|盟|旗))+(?:委|城区)?$/u;

/** Every agency named in the text, in order of appearance, with local full names where stated. */
export function findAgencies(text: string, rules: Rules['agencies']): AgencyMention[] {
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
        const before = text.slice(Math.max(0, start - 12), start);
        const prefix = PLACE_PREFIX.exec(before)?.[0] ?? '';
        found.push({ agency: a.id, name: prefix + m[0], index: start - prefix.length });
      }
    }
  }
  return found.sort((x, y) => x.index - y.index);
}

function isCollectiveOnly(name: string, rules: Rules['agencies']): boolean {
  return rules.collective.some((c) => c === name);
}

export interface AgencyContext {
  /** Agency that answers in a Q&A section. */
  speakerAgency?: string;
  speakerName?: string;
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
  const add = (agency: string | undefined, name?: string) => {
    if (agency && !agencies.includes(agency)) agencies.push(agency);
    if (name && !names.includes(name) && name.length > 2 && !isCollectiveOnly(name, rules)) names.push(name);
  };
  if (ctx.speakerAgency) add(ctx.speakerAgency, ctx.speakerName);
  const own = findAgencies(`${heading}\n${text}`, rules);
  const refersBack = rules.backReferences.some((w) => text.includes(w) || heading.includes(w));
  if (ctx.sectionAgency && (refersBack || own.length === 0)) add(ctx.sectionAgency.agency, ctx.sectionAgency.name);
  for (const m of own) add(m.agency, m.name);
  return { agencies, agencyNames: names };
}
