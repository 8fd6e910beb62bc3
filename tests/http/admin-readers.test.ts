// Adding a large report holds no reader up: while the upload is converted and its chunks
// previewed, and while the new report is checked and the corpus read again for the re-index,
// /healthz and a search are answered as fast as when nothing is added. The readers ask from a
// thread of their own, so that a server busy in its event loop cannot hide how long they wait.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import request from 'supertest';
import * as cheerio from 'cheerio';
import type { Job } from '../../admin/job-queue';
import { ADMIN_TOKEN, startAdminApp, syntheticReport, type AdminApp } from '../helpers/admin';

/**
 * What a reader may wait while a report is added: 300 ms — or, on a machine so busy that readers
 * wait longer than that with nothing added, twice that wait. (Converting the report in the
 * server's event loop kept them waiting for seconds.)
 */
const READER_MS = 300;

interface Answer {
  url: string;
  status: number;
  /** When it was asked and answered, in ms since the epoch. */
  sent: number;
  answered: number;
}

/** Asks /healthz and a search, one after the other, every 20 ms from another thread, until told to stop. */
const READERS = `
const { parentPort, workerData } = require('node:worker_threads');
const now = () => performance.timeOrigin + performance.now();
let running = true;
const answers = [];
parentPort.on('message', () => { running = false; });
(async () => {
  while (running) {
    for (const url of ['/healthz', '/api/search?q=' + encodeURIComponent('调解')]) {
      const sent = now();
      let status = 0;
      try {
        const res = await fetch(workerData.base + url);
        await res.arrayBuffer();
        status = res.status;
      } catch {}
      answers.push({ url, status, sent, answered: now() });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage(answers);
})();
`;

const now = () => performance.timeOrigin + performance.now();
const wait = (a: Answer) => a.answered - a.sent;
const slowest = (answers: Answer[]) => Math.max(0, ...answers.map(wait));

let t: AdminApp;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await startAdminApp();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  await t?.close();
});

/** Follows a job until it is over (a page that is not a job's is over already). */
async function finished(agent: ReturnType<typeof request.agent>, location: string): Promise<{ state: string; next?: string }> {
  if (!location.startsWith('/admin/jobs/')) return { state: 'done', next: location };
  for (;;) {
    const job = (await agent.get(`${location}.json`).expect(200)).body;
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('answers readers as fast as ever while a 3 MB report is converted, previewed, checked and read for the re-index', async () => {
  // When each job of the queue entered each phase.
  const phases: { phase: string; at: number }[] = [];
  const add = t.edits.queue.add.bind(t.edits.queue);
  jest.spyOn(t.edits.queue, 'add').mockImplementation((...args: Parameters<typeof add>) => {
    const job = add(...args);
    let phase = job.phase;
    Object.defineProperty(job, 'phase', {
      get: () => phase,
      set: (p: Job['phase']) => {
        if (p !== phase) phases.push({ phase: p, at: now() });
        phase = p;
      },
      enumerable: true,
    });
    return job;
  });
  const agent = request.agent(base);
  await agent.post('/admin/login').type('form').send({ token: ADMIN_TOKEN }).expect(303);
  const csrf = cheerio
    .load((await agent.get('/admin').expect(200)).text)('input[name=_csrf]')
    .first()
    .attr('value') as string;
  const report = Buffer.from(syntheticReport(3_000_000));

  const readers = new Worker(READERS, { eval: true, workerData: { base } });
  const answers = new Promise<Answer[]>((resolve) => readers.once('message', resolve));
  const started = now();
  await new Promise((r) => setTimeout(r, 3000));

  const uploading = now();
  const up = await agent
    .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}`)
    .attach('files', report, 'large-report.txt')
    .expect(303);
  const preview = await finished(agent, up.headers.location);
  expect(preview.state).toBe('done');
  const page = cheerio.load((await agent.get(preview.next as string).expect(200)).text);
  const previewed = now();
  expect(page('#pending-0 h2').text()).toBe('large-report.md');
  expect(Number(page('#pending-0 h3 .count').text())).toBeGreaterThan(1000);

  const confirming = now();
  const confirm = await agent
    .post(preview.next as string)
    .type('form')
    .send({ _csrf: csrf, action: 'confirm' })
    .expect(303);
  const job = await finished(agent, confirm.headers.location);
  expect(job.state).toBe('done');
  readers.postMessage('stop');
  const all = await answers;
  await readers.terminate();
  expect((await request(base).get('/api/search?doc=large-report&per_page=1').expect(200)).body.total).toBeGreaterThan(1000);

  // Loading the chunks into the index (search/sqlite, phase "indexing") is not judged here.
  const indexing = phases.find((p) => p.phase === 'indexing' && p.at > confirming)?.at ?? Infinity;
  const idle = all.filter((a) => a.sent >= started && a.answered < uploading);
  const converting = all.filter((a) => a.sent >= uploading && a.sent < previewed);
  const checkingAndReading = all.filter((a) => a.sent >= confirming && a.answered < indexing);
  const limit = Math.max(READER_MS, 2 * slowest(idle));
  expect(slowest(converting)).toBeLessThan(limit);
  expect(slowest(checkingAndReading)).toBeLessThan(limit);
  expect(idle.length).toBeGreaterThan(10);
  expect(converting.length).toBeGreaterThan(10);
  expect(checkingAndReading.length).toBeGreaterThan(10);
  expect(all.filter((a) => a.status !== 200)).toEqual([]);
});
