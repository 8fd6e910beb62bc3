// Figure extraction against hand-made gold lists (tests/fixtures/figures-gold): every figure of
// each report with its label, value, unit and qualifier, its kind and the period it covers.
// Precision and recall must reach 95 %; of the figures found, the kind and the period must agree
// with the gold list for 95 % too.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Figure } from '../../core/types';
import { chunksOf, REPORTS_DIR } from '../helpers/corpus';
import { spanText } from '../../core/figures';

interface Gold {
  labels: string[];
  value: number;
  unit: string;
  qualifier?: string;
  from?: number;
  kind: string;
  period?: string;
}

const GOLD_DIR = path.join(__dirname, '..', 'fixtures', 'figures-gold');
const TARGET = 0.95;

function same(f: Figure, g: Gold): boolean {
  return g.labels.includes(f.label) && f.value === g.value && f.unit === g.unit && (f.qualifier ?? '') === (g.qualifier ?? '') && f.from === g.from;
}

/** Pairs extracted figures with gold ones, each used once. */
function score(found: Figure[], gold: Gold[]) {
  const left = [...gold];
  const wrong: Figure[] = [];
  const pairs: [Figure, Gold][] = [];
  for (const f of found) {
    const i = left.findIndex((g) => same(f, g));
    if (i === -1) wrong.push(f);
    else pairs.push([f, left.splice(i, 1)[0]]);
  }
  const matched = pairs.length;
  const kindWrong = pairs.filter(([f, g]) => f.kind !== g.kind);
  const periodWrong = pairs.filter(([f, g]) => (f.span ? spanText(f.span) : '') !== String(g.period ?? ''));
  return {
    precision: found.length ? matched / found.length : 0,
    recall: gold.length ? matched / gold.length : 0,
    kinds: matched ? 1 - kindWrong.length / matched : 0,
    periods: matched ? 1 - periodWrong.length / matched : 0,
    wrong,
    missed: left,
    kindWrong,
    periodWrong,
  };
}

const files = fs.readdirSync(GOLD_DIR).filter((f) => f.endsWith('.yml'));
const show = (f: { label?: string; labels?: string[]; value: number; unit: string; qualifier?: string }) =>
  `${f.label ?? f.labels?.[0]} ${f.qualifier ?? ''}${f.value}${f.unit}`;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

describe('figures against the gold lists', () => {
  it('has a gold list for every report of the corpus', () => {
    const reports = fs.readdirSync(REPORTS_DIR).filter((f) => f.endsWith('.md'));
    expect(files.map((f) => f.replace(/\.yml$/, '')).sort()).toEqual(reports.map((f) => f.replace(/\.md$/, '')).sort());
  });

  it.each(files)('%s: precision, recall, kinds and periods of at least 95 %%', (file) => {
    const { report, figures: gold } = YAML.parse(fs.readFileSync(path.join(GOLD_DIR, file), 'utf8')) as { report: string; figures: Gold[] };
    const found = chunksOf(report).flatMap((c) => c.figures);
    expect(found.length).toBeGreaterThan(0);
    const s = score(found, gold);
    process.stdout.write(
      `${report}: ${found.length} figures found, ${gold.length} in the gold list; precision ${pct(s.precision)}, recall ${pct(s.recall)}, kinds ${pct(s.kinds)}, periods ${pct(s.periods)}\n` +
        `  not in the gold list: ${s.wrong.map(show).join(', ') || '—'}\n  missed: ${s.missed.map(show).join(', ') || '—'}\n` +
        `  other kind: ${s.kindWrong.map(([f, g]) => `${show(f)} ${f.kind} (gold ${g.kind})`).join(', ') || '—'}\n` +
        `  other period: ${s.periodWrong.map(([f, g]) => `${show(f)} ${f.span ? spanText(f.span) : '—'} (gold ${g.period ?? '—'})`).join(', ') || '—'}\n`,
    );
    expect(s.precision).toBeGreaterThanOrEqual(TARGET);
    expect(s.recall).toBeGreaterThanOrEqual(TARGET);
    expect(s.kinds).toBeGreaterThanOrEqual(TARGET);
    expect(s.periods).toBeGreaterThanOrEqual(TARGET);
  });
});
