// npm run bench:add — how long adding a report takes in each form it arrives in, side by side with
// reading the same report as Markdown (what a hand-written report costs). Medians of 5 runs of
// the whole conversion: decode, extract, infer the front matter, check the corpus for a duplicate,
// chunk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addReports } from '../indexer/add';
import { loadRules } from '../indexer/rules';
import { useUserDictionary } from '../indexer/segment';
import { REPORTS_DIR, TAXONOMY_DIR } from '../tests/helpers/corpus';
import { reportDocx, reportPdf, savedPageGbk } from '../tests/helpers/source-files';
import { median } from './stats';

const RUNS = 5;

async function main(): Promise<void> {
  const rules = loadRules(TAXONOMY_DIR);
  useUserDictionary(rules.dictionaryPath);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-add-'));
  const empty = path.join(dir, 'corpus');
  fs.mkdirSync(empty);
  const cases = [
    { form: 'Markdown (the seed file)', file: path.join(REPORTS_DIR, 'guandu-five-keywords.md') },
    { form: 'saved web page, GBK', file: savedPageGbk('guandu-five-keywords', dir) },
    { form: 'Markdown (the seed file)', file: path.join(REPORTS_DIR, 'yongzhou-interview-tang-guoyu.md') },
    { form: 'PDF', file: await reportPdf('yongzhou-interview-tang-guoyu', dir) },
    { form: 'Markdown (the seed file)', file: path.join(REPORTS_DIR, 'jiayuguan-innovation-feature.md') },
    { form: 'Word (.docx)', file: await reportDocx('jiayuguan-innovation-feature', dir) },
  ];
  console.log(`kb add --dry-run, median of ${RUNS} runs, into an empty corpus\n`);
  console.log('report                          form                         size      median');
  let plain = 0;
  for (const c of cases) {
    await addReports([c.file], empty, rules, { dryRun: true });
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const { added } = await addReports([c.file], empty, rules, { dryRun: true });
      times.push(performance.now() - t);
      if (!added.length) throw new Error(`${c.file} was not added`);
    }
    const ms = median(times);
    if (c.form.startsWith('Markdown')) plain = ms;
    const ratio = c.form.startsWith('Markdown') ? '' : `  ×${(ms / plain).toFixed(1)} the Markdown`;
    const name = path.basename(c.file).replace(/\.[^.]+$/, '');
    console.log(
      `${name.padEnd(32)}${c.form.padEnd(29)}${`${Math.round(fs.statSync(c.file).size / 1024)} KB`.padEnd(10)}${ms.toFixed(0).padStart(5)} ms${ratio}`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
