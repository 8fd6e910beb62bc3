// A running server whose corpus changes behind its back (reports copied in or taken out by hand):
// /healthz finds that the index no longer matches, says "stale" while it re-indexes in the
// background, then ok; and not ok when the re-index fails.
import fs from 'node:fs';
import path from 'node:path';
import { REPORTS_DIR } from '../helpers/corpus';
import { corpusIds, kb, makeInstance, startServer, until, type Instance, type Server } from '../helpers/instance';

const NEW = 'guandu-five-keywords';

let inst: Instance;
let server: Server;
beforeEach(async () => {
  inst = makeInstance([NEW], 1);
  expect((await kb(inst, 'index').exited).code).toBe(0);
  server = await startServer(inst);
});
afterEach(async () => {
  await server.stop();
  inst.close();
});

const served = async () => ((await (await fetch(`${server.base}/api/docs`)).json()) as { docs: { id: string }[] }).docs.map((d) => d.id).sort();

it('re-indexes a report copied into the corpus of a running server, saying "stale" meanwhile', async () => {
  expect((await server.health()).body).toMatchObject({ ok: true });
  fs.copyFileSync(path.join(REPORTS_DIR, `${NEW}.md`), path.join(inst.reportsDir, `${NEW}.md`));
  const answers = await until(server.health, (h) => h.status === 200 && !h.body.stale);
  expect(answers[0].body).toMatchObject({ ok: true, stale: true, message: expect.stringMatching(/does not match the corpus/) });
  expect(await served()).toEqual(corpusIds(inst));
});

it('says not ok when the index cannot be rebuilt to match the corpus', async () => {
  for (const f of fs.readdirSync(inst.reportsDir)) fs.rmSync(path.join(inst.reportsDir, f));
  const answers = await until(server.health, (h) => h.status === 503);
  expect(answers.at(-1)?.body).toMatchObject({ ok: false, stale: true, message: expect.stringMatching(/rebuilding it failed \(No report could be indexed/) });
  // The old index still serves meanwhile.
  expect((await served()).length).toBe(4);
});
