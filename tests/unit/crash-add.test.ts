// `kb add --index` killed with SIGKILL while it builds the index leaves the report in the corpus
// and the index without it. The next start finds that the index does not match the corpus, says
// so in /healthz while it re-indexes in the background (the old index serving), then serves it.
import path from 'node:path';
import { REPORTS_DIR } from '../helpers/corpus';
import { corpusIds, indexedIds, kb, killWhenBuilding, makeInstance, startServer, until, type Instance } from '../helpers/instance';

const NEW = 'guandu-five-keywords';

let inst: Instance;
beforeEach(() => (inst = makeInstance([NEW])));
afterEach(() => inst.close());

it('serves what a kb add --index killed mid-build added, once a start has re-indexed, and says "stale" until then', async () => {
  expect((await kb(inst, 'index').exited).code).toBe(0);
  const add = kb(inst, 'add', '--index', path.join(REPORTS_DIR, `${NEW}.md`));
  await killWhenBuilding(inst, add);
  expect((await add.exited).signal).toBe('SIGKILL');
  // The kill landed between the two: the corpus has the report, the index does not.
  expect(corpusIds(inst)).toContain(NEW);
  expect(await indexedIds(inst)).not.toContain(NEW);

  const server = await startServer(inst);
  try {
    const answers = await until(server.health, (h) => h.status === 200 && h.body.ok && !h.body.stale);
    for (const a of answers.slice(0, -1)) expect(a.body.stale === true || a.status === 503).toBe(true);
    expect(server.output()).toMatch(/re-indexing in the background/);
    const docs = ((await (await fetch(`${server.base}/api/docs`)).json()) as { docs: { id: string }[] }).docs.map((d) => d.id).sort();
    expect(docs).toEqual(corpusIds(inst));
  } finally {
    await server.stop();
  }
});
