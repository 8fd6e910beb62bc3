// One reader checks the taxonomy files: the search side and the extraction rules refuse the same
// mistakes with the same message, naming the file and the entry.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTaxonomy, TaxonomyError } from '../../core/taxonomy';
import { loadRules } from '../../indexer/rules';
import { TAXONOMY_DIR } from '../helpers/corpus';

function taxonomyWith(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-taxonomy-'));
  fs.cpSync(TAXONOMY_DIR, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(dir, file), 'utf8')));
  return dir;
}

const refusal = (load: () => unknown) => {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(TaxonomyError);
    return (err as Error).message;
  }
  throw new Error('the taxonomy was accepted');
};

describe('the taxonomy reader', () => {
  it('reads the corpus taxonomy for both sides', () => {
    const t = loadTaxonomy(TAXONOMY_DIR);
    const r = loadRules(TAXONOMY_DIR);
    expect(t.themes.map((x) => x.id)).toEqual(r.themes.list.map((x) => x.id));
    expect(t.agencies.map((x) => [x.id, x.en])).toEqual(r.agencies.list.map((x) => [x.id, x.en]));
    expect(Object.fromEntries(t.practiceAliases)).toEqual(r.practices.aliases);
  });

  it.each([
    ['themes.yml', (s: string) => s.replace(/keywords: \{ 网格化: 2/, 'keywords: { 网格化: "two"'), /themes\.yml: theme #1 keyword 网格化: expected a number/],
    ['agencies.yml', (s: string) => s.replace("'政法委(?:员会)?'", "'政法委(?:员会'"), /agencies\.yml 政法委: bad pattern/],
    [
      'agencies.yml',
      (s: string) => s.replace('  - id: 政法委\n    en: Political-Legal Committee', '  - en: Political-Legal Committee'),
      /agencies\.yml: agency #1 needs an id/,
    ],
    ['practices.yml', (s: string) => s.replace(/^aliases:/m, 'aliases: [a, b]\nold_aliases:'), /practices\.yml aliases: expected a mapping/],
  ])('refuses a broken %s the same way on both sides', (file, edit, message) => {
    const dir = taxonomyWith(file, edit);
    const onSearchSide = refusal(() => loadTaxonomy(dir));
    expect(onSearchSide).toMatch(message);
    expect(refusal(() => loadRules(dir))).toBe(onSearchSide);
  });

  it('refuses a malformed extraction rule rather than casting it', () => {
    const dir = taxonomyWith('figures.yml', (s) => s.replace(/^after_actions:/m, "after_actions: [{ pattern: '(', action: x }]\nold_after_actions:"));
    expect(refusal(() => loadRules(dir))).toMatch(/figures\.yml after_actions #1: bad pattern/);
  });
});
