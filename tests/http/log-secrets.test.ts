// The request log of a shared instance: one compact line per request (method, path, status, time),
// and nothing in any line that would open a session — no cookie, Set-Cookie or Authorization
// header, no admin token, no CSRF token or other token from a URL.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import * as cheerio from 'cheerio';
import { ADMIN_TOKEN, startAdminApp, type AdminApp } from '../helpers/admin';

let t: AdminApp;
beforeAll(async () => (t = await startAdminApp()));
afterAll(() => t?.close());

/** What a compact request line may hold. */
const LINE_KEYS = ['level', 'time', 'reqId', 'msg', 'method', 'path', 'status', 'ms', 'error'];

it('logs one compact line per request and no secret in any line', async () => {
  const agent = request.agent(t.app);
  const login = await agent.post('/admin/login').type('form').send({ token: ADMIN_TOKEN }).expect(303);
  const session = /pingan_admin=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1] as string;
  const csrf = cheerio
    .load((await agent.get('/admin').expect(200)).text)('input[name=_csrf]')
    .first()
    .attr('value') as string;
  expect(session).toBeTruthy();
  expect(csrf).toBeTruthy();
  const report = path.join(t.dir, 'note.txt');
  fs.writeFileSync(report, '昆明市推进平安建设。\n\n全市建成网格化服务管理中心，矛盾纠纷化解率达到百分之九十八以上，群众安全感持续提升。\n');
  await agent
    .post(`/admin/upload?_csrf=${encodeURIComponent(csrf)}&lang=en`)
    .attach('files', report)
    .expect(303);
  const bearer = randomBytes(12).toString('hex');
  const urlToken = randomBytes(12).toString('hex');
  await request(t.app)
    .get(`/api/search?q=%E8%B0%83%E8%A7%A3&token=${urlToken}`)
    .set('Authorization', `Bearer ${bearer}`)
    .set('Cookie', `pingan_admin=${session}`)
    .expect(200);
  await agent.post('/admin/logout').type('form').send({ _csrf: csrf }).expect(303);

  const lines = t.logLines();
  for (const secret of [ADMIN_TOKEN, session, csrf, encodeURIComponent(csrf), bearer, urlToken]) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  expect(lines.filter((l) => /cookie|authorization|user-agent|"headers"/i.test(l))).toEqual([]);
  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = entries.filter((e) => e.status !== undefined);
  expect(requests.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
    'POST /admin/login 303',
    'GET /admin 200',
    'POST /admin/upload?_csrf=[redacted]&lang=en 303',
    'GET /api/search?q=%E8%B0%83%E8%A7%A3&token=[redacted] 200',
    'POST /admin/logout 303',
  ]);
  for (const e of requests) {
    expect(Object.keys(e).filter((k) => !LINE_KEYS.includes(k))).toEqual([]);
    expect(typeof e.ms).toBe('number');
  }
  // The admin's own entries are still there, without the request's headers.
  expect(t.adminLog().map((e) => `${e.admin}: ${e.outcome}`)).toEqual(expect.arrayContaining(['login: ok', 'logout: ok']));
});
