// The corpus digest a running server compares with its index on every /healthz: cheap when nothing
// changed (no report file read again), recomputed for what changed, and hashed without holding up
// the event loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { CorpusDigester, corpusDigest, nodeIo, type DigestIo } from '../../app/corpus-digest';
import { loadConfig } from '../../app/config';
import { buildIndex } from '../../app/build';
import { IndexKeeper } from '../../app/index-keeper';
import { createBackend } from '../../search/create';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { REPORTS_DIR, TAXONOMY_DIR } from '../helpers/corpus';
import { until } from '../helpers/instance';

/** The real file system, with every file read counted by name. */
function countingIo(): DigestIo & { reads: string[] } {
  const reads: string[] = [];
  return { ...nodeIo, reads, read: (file) => (reads.push(path.basename(file)), nodeIo.read(file)) };
}

let dir: string;
let reportsDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-digest-'));
  reportsDir = path.join(dir, 'corpus/reports');
  fs.mkdirSync(reportsDir, { recursive: true });
  fs.cpSync(TAXONOMY_DIR, path.join(dir, 'corpus/taxonomy'), { recursive: true });
  for (const f of fs.readdirSync(REPORTS_DIR)) if (f !== 'guandu-five-keywords.md') fs.copyFileSync(path.join(REPORTS_DIR, f), path.join(reportsDir, f));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const reports = () => fs.readdirSync(reportsDir).sort();

describe('the corpus digest of a running server', () => {
  it('reads each report once over 50 checks in a row, and again only a report that changed', async () => {
    const io = countingIo();
    const digester = new CorpusDigester(reportsDir, io);
    const first = await digester.current();
    expect(first).toBe(await corpusDigest(reportsDir));
    for (let i = 0; i < 49; i++) expect(await digester.current()).toBe(first);
    expect(io.reads.sort()).toEqual(reports());

    io.reads.length = 0;
    const changed = path.join(reportsDir, 'jincheng-13th-five-year-review.md');
    fs.appendFileSync(changed, '\n又一段新的文字。\n');
    const second = await digester.current();
    expect(second).not.toBe(first);
    expect(second).toBe(await corpusDigest(reportsDir));
    expect(io.reads).toEqual(['jincheng-13th-five-year-review.md']);

    // A report copied in is read; one taken out is no longer part of it.
    io.reads.length = 0;
    fs.copyFileSync(path.join(REPORTS_DIR, 'guandu-five-keywords.md'), path.join(reportsDir, 'guandu-five-keywords.md'));
    fs.rmSync(changed);
    const third = await digester.current();
    expect(third).toBe(await corpusDigest(reportsDir));
    expect(io.reads).toEqual(['guandu-five-keywords.md']);
  });

  it('answers checks asked at once from one reading of the files', async () => {
    const io = countingIo();
    const digester = new CorpusDigester(reportsDir, io);
    const digests = await Promise.all(Array.from({ length: 50 }, () => digester.current()));
    expect(new Set(digests)).toEqual(new Set([await corpusDigest(reportsDir)]));
    expect(io.reads.sort()).toEqual(reports());
  });

  it('lets other work run while a large corpus is hashed', async () => {
    const text = fs.readFileSync(path.join(REPORTS_DIR, 'baoshan-decade-press-conference.md'), 'utf8');
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(reportsDir, `copy-${i}.md`), text.replace(/^id: .*$/m, `id: copy-${i}`));
    let turns = 0;
    let done = false;
    const turn = () => {
      turns++;
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    const digest = await new CorpusDigester(reportsDir).current();
    done = true;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    // The event loop went round many times while 204 files were read: other requests are answered meanwhile.
    expect(turns).toBeGreaterThan(10);
  });

  it('says what is wrong when the reports directory is gone', async () => {
    await expect(new CorpusDigester(path.join(dir, 'nowhere')).current()).rejects.toThrow(/The reports directory \S+nowhere does not exist/);
  });
});

describe('/healthz over a corpus that changes', () => {
  it('reads no unchanged report over 50 calls, then says "stale" when a report changes and re-indexes', async () => {
    const config = loadConfig({ CORPUS_DIR: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data') }, dir);
    const backend = createBackend(config);
    const io = countingIo();
    const keeper = new IndexKeeper(config, backend, () => undefined, undefined, undefined, new CorpusDigester(reportsDir, io));
    try {
      await buildIndex(config, backend);
      const app = createApp(keeper.guard(), loadLabels(config.taxonomyDir), { logLevel: 'silent' });
      for (let i = 0; i < 50; i++) {
        const res = await request(app).get('/healthz').expect(200);
        expect(res.body).toMatchObject({ ok: true, docs: 4 });
        expect(res.body.stale).toBeUndefined();
      }
      expect(io.reads.sort()).toEqual(reports());

      io.reads.length = 0;
      fs.copyFileSync(path.join(REPORTS_DIR, 'guandu-five-keywords.md'), path.join(reportsDir, 'guandu-five-keywords.md'));
      const answers = await until(
        async () => (await request(app).get('/healthz')).body as { ok: boolean; stale?: boolean; docs: number },
        (h) => h.ok && !h.stale && h.docs === 5,
      );
      expect(answers[0]).toMatchObject({ ok: true, stale: true, docs: 4 });
      expect(io.reads).toEqual(['guandu-five-keywords.md']);
    } finally {
      await backend.close();
    }
  });
});
