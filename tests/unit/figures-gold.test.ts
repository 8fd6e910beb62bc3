// Figure extraction against hand-made gold lists (tests/fixtures/figures-gold): every figure of a
// seed report with its label, value, unit and qualifier. Precision and recall must reach 90 %.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Figure } from '../../core/types';
import { chunksOf, FIXTURES_DIR } from '../helpers/corpus';

interface Gold {
  labels: string[];
  value: number;
  unit: string;
  qualifier?: string;
  from?: number;
}

const GOLD_DIR = path.join(FIXTURES_DIR, '..', 'figures-gold');
const TARGET = 0.9;

function same(f: Figure, g: Gold): boolean {
  return g.labels.includes(f.label) && f.value === g.value && f.unit === g.unit && (f.qualifier ?? '') === (g.qualifier ?? '') && f.from === g.from;
}

/** Pairs extracted figures with gold ones, each used once. */
function score(found: Figure[], gold: Gold[]) {
  const left = [...gold];
  const wrong: Figure[] = [];
  for (const f of found) {
    const i = left.findIndex((g) => same(f, g));
    if (i === -1) wrong.push(f);
    else left.splice(i, 1);
  }
  const matched = found.length - wrong.length;
  return { precision: found.length ? matched / found.length : 0, recall: gold.length ? matched / gold.length : 0, wrong, missed: left };
}

const files = fs.readdirSync(GOLD_DIR).filter((f) => f.endsWith('.yml'));

describe('figures against the gold lists', () => {
  it('has gold lists for at least two reports', () => expect(files.length).toBeGreaterThanOrEqual(2));

  it.each(files)('%s: precision and recall of at least 90 %%', (file) => {
    const { report, figures: gold } = YAML.parse(fs.readFileSync(path.join(GOLD_DIR, file), 'utf8')) as { report: string; figures: Gold[] };
    const found = chunksOf(report).flatMap((c) => c.figures);
    expect(found.length).toBeGreaterThan(0);
    const s = score(found, gold);
    const show = (f: { label?: string; labels?: string[]; value: number; unit: string; qualifier?: string }) =>
      `${f.label ?? f.labels?.[0]} ${f.qualifier ?? ''}${f.value}${f.unit}`;
    process.stdout.write(
      `${report}: ${found.length} figures found, ${gold.length} in the gold list; precision ${(100 * s.precision).toFixed(1)} %, recall ${(100 * s.recall).toFixed(1)} %\n` +
        `  not in the gold list: ${s.wrong.map(show).join(', ') || '—'}\n  missed: ${s.missed.map(show).join(', ') || '—'}\n`,
    );
    expect(s.precision).toBeGreaterThanOrEqual(TARGET);
    expect(s.recall).toBeGreaterThanOrEqual(TARGET);
  });
});
