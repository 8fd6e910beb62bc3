// Shared loaders for tests: the real corpus and its rules, read once per test file.
import path from 'node:path';
import { loadRules, type Rules } from '../../indexer/rules';
import { listReportFiles, loadCorpus, type LoadedCorpus } from '../../indexer/corpus';
import { useUserDictionary } from '../../indexer/segment';

export const ROOT = path.resolve(__dirname, '../..');
export const REPORTS_DIR = path.join(ROOT, 'corpus/reports');
export const TAXONOMY_DIR = path.join(ROOT, 'corpus/taxonomy');
export const FIXTURES_DIR = path.join(ROOT, 'tests/fixtures/reports');

let rules: Rules | null = null;
let corpus: LoadedCorpus | null = null;

export function testRules(): Rules {
  if (!rules) {
    rules = loadRules(TAXONOMY_DIR);
    useUserDictionary(rules.dictionaryPath);
  }
  return rules;
}

export function seedCorpus(): LoadedCorpus {
  if (!corpus) corpus = loadCorpus(listReportFiles(REPORTS_DIR), testRules(), ROOT);
  return corpus;
}

export function chunksOf(docId: string) {
  return seedCorpus().chunks.filter((c) => c.docId === docId);
}
