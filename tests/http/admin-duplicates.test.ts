// Names and texts an upload must not lose or repeat: two files of one upload with the same name
// are both kept, under names of their own; a text two editors confirm under two names is added
// once, the second confirmation refused at its turn with the name of the report that holds it.
import fs from 'node:fs';
import request from 'supertest';
import * as cheerio from 'cheerio';
import { previewOf, signIn, startAdminApp, syntheticReport, waitForJob, type AdminApp, type Agent } from '../helpers/admin';

let t: AdminApp;

beforeAll(async () => {
  t = await startAdminApp();
});
afterAll(() => t?.close());

const corpusFiles = () => fs.readdirSync(t.reportsDir).sort();

async function upload(agent: Agent, csrf: string, files: { text: string; name: string }[]): Promise<string> {
  const req = agent.post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`);
  for (const f of files) req.attach('files', Buffer.from(f.text), f.name);
  return previewOf(agent, await req.expect(303));
}

const confirm = async (agent: Agent, csrf: string, pending: string) =>
  (await agent.post(pending).type('form').send({ _csrf: csrf, action: 'confirm' }).expect(303)).headers.location as string;

const hits = async (docId: string) => (await request(t.app).get(`/api/search?doc=${docId}&per_page=1`).expect(200)).body.total as number;

describe('two files of one upload with the same name', () => {
  it('keeps both, each under a name of its own, and adds both', async () => {
    const { agent, csrf } = await signIn(t.app);
    const first = syntheticReport(40_000, 21);
    const second = syntheticReport(40_000, 22);
    const pending = await upload(agent, csrf, [
      { text: first, name: 'report.txt' },
      { text: second, name: 'report.txt' },
    ]);
    const $ = cheerio.load((await agent.get(pending).expect(200)).text);
    expect($('.refused').length).toBe(0);
    expect(
      $('.pending h2')
        .map((_i, h) => $(h).text())
        .get()
        .sort(),
    ).toEqual(['report-2.md', 'report.md']);
    expect((await waitForJob(agent, await confirm(agent, csrf, pending))).state).toBe('done');
    // Each holds its own text.
    expect(fs.readFileSync(`${t.reportsDir}/report.md`, 'utf8')).toContain('（21之1）');
    expect(fs.readFileSync(`${t.reportsDir}/report-2.md`, 'utf8')).toContain('（22之1）');
    expect(await hits('report')).toBeGreaterThan(0);
    expect(await hits('report-2')).toBeGreaterThan(0);
  });
});

describe('one text confirmed by two editors under two names', () => {
  it('adds it once when the second confirms after the first is indexed', async () => {
    const a = await signIn(t.app);
    const b = await signIn(t.app);
    const text = syntheticReport(40_000, 31);
    const pendingA = await upload(a.agent, a.csrf, [{ text, name: 'from-a.txt' }]);
    const pendingB = await upload(b.agent, b.csrf, [{ text, name: 'from-b.txt' }]);
    expect((await waitForJob(a.agent, await confirm(a.agent, a.csrf, pendingA))).state).toBe('done');
    const before = corpusFiles();
    const jobB = await waitForJob(b.agent, await confirm(b.agent, b.csrf, pendingB));
    expect(jobB).toMatchObject({ state: 'failed', message: 'from-b.md: its text is already in the corpus as from-a.md' });
    // The job's JSON names each refused file with the code of why, for a script to act on.
    expect(jobB).toMatchObject({
      refusals: [{ source: 'from-b.md', code: 'duplicate', params: { report: 'from-a.md' }, reason: 'its text is already in the corpus as from-a.md' }],
    });
    expect(corpusFiles()).toEqual(before);
    expect(corpusFiles()).not.toContain('from-b.md');
    expect(await hits('from-b')).toBe(0);
  });

  it('adds it once when both confirm at the same time', async () => {
    const a = await signIn(t.app);
    const b = await signIn(t.app);
    const text = syntheticReport(40_000, 32);
    const pendingA = await upload(a.agent, a.csrf, [{ text, name: 'same-a.txt' }]);
    const pendingB = await upload(b.agent, b.csrf, [{ text, name: 'same-b.txt' }]);
    const [jobA, jobB] = await Promise.all([confirm(a.agent, a.csrf, pendingA), confirm(b.agent, b.csrf, pendingB)]);
    const [doneA, doneB] = await Promise.all([waitForJob(a.agent, jobA), waitForJob(b.agent, jobB)]);
    expect([doneA.state, doneB.state].sort()).toEqual(['done', 'failed']);
    const added = corpusFiles().filter((f) => f.startsWith('same-'));
    expect(added).toHaveLength(1);
    expect([doneA, doneB].find((j) => j.state === 'failed')?.message).toBe(
      `${added[0] === 'same-a.md' ? 'same-b.md' : 'same-a.md'}: its text is already in the corpus as ${added[0]}`,
    );
  });
});
