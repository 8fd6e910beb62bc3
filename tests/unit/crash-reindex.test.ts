// The server killed with SIGKILL while it re-indexes after an editor added a report in /admin: the
// corpus holds the report, the index does not. The next start completes the change from the
// journal, re-indexes in the background while the old index serves ("stale" in /healthz), and
// then serves the report.
import fs from 'node:fs';
import path from 'node:path';
import { REPORTS_DIR } from '../helpers/corpus';
import { corpusIds, indexedIds, kb, killWhenBuilding, makeInstance, startServer, until, type Instance, type Server } from '../helpers/instance';

const NEW = 'guandu-five-keywords';
const TOKEN = 'an-admin-token-long-enough-for-crash-tests';

/** Signs in to /admin, uploads `file` and confirms it: the server starts its re-index. */
async function addThroughAdmin(server: Server, file: string): Promise<void> {
  const login = await fetch(`${server.base}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
  const cookie = /pingan_admin=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] as string;
  const page = await (await fetch(`${server.base}/admin`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
  const form = new FormData();
  form.append('files', new Blob([fs.readFileSync(file)]), path.basename(file));
  const up = await fetch(`${server.base}/admin/upload?_csrf=${encodeURIComponent(csrf)}`, {
    method: 'POST',
    body: form,
    headers: { cookie },
    redirect: 'manual',
  });
  expect(up.status).toBe(303);
  // The server may be killed before it answers.
  await fetch(`${server.base}${up.headers.get('location')}`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrf, action: 'confirm' }),
    headers: { cookie },
    redirect: 'manual',
  }).catch(() => undefined);
}

let inst: Instance;
beforeEach(() => (inst = makeInstance([NEW], 4, { ADMIN_TOKEN: TOKEN })));
afterEach(() => inst.close());

it('serves the report an editor added when the server was killed mid-re-index, once the next start has re-indexed', async () => {
  expect((await kb(inst, 'index').exited).code).toBe(0);
  const first = await startServer(inst);
  const killed = killWhenBuilding(inst, first);
  await addThroughAdmin(first, path.join(REPORTS_DIR, `${NEW}.md`));
  await killed;
  expect((await first.exited).signal).toBe('SIGKILL');
  expect(corpusIds(inst)).toContain(NEW);
  expect(await indexedIds(inst)).not.toContain(NEW);

  const second = await startServer(inst);
  try {
    const answers = await until(second.health, (h) => h.status === 200 && h.body.ok && !h.body.stale);
    for (const a of answers.slice(0, -1)) expect(a.body.stale === true || a.status === 503).toBe(true);
    expect(second.output()).toMatch(new RegExp(`Completed "add ${NEW}\\.md"`));
    const docs = ((await (await fetch(`${second.base}/api/docs`)).json()) as { docs: { id: string }[] }).docs.map((d) => d.id).sort();
    expect(docs).toEqual(corpusIds(inst));
    expect(fs.readdirSync(path.join(inst.dataDir, 'journal'))).toEqual([]);
  } finally {
    await second.stop();
  }
});
