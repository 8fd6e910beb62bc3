// A real browser (Debian's chromium driven by playwright-core) over the test app on a loopback port.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app';
import { ROOT } from './corpus';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BROWSER_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots and downloads the browser tests leave for a reader to look at. */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

const available = fs.existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`Browser tests need chromium at ${CHROMIUM} in CI (.ci/run installs it).`);

/** describe when chromium is there; otherwise the suite is skipped with the reason printed. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (!available) console.warn(`Skipping browser tests "${name}": no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  (available ? describe : describe.skip)(name, fn);
}

/** An app as the tests start it: the Express application and how to stop what it holds. */
export interface ServedApp {
  app: Express;
  close: () => Promise<void>;
}

export interface BrowserApp<T extends ServedApp = TestApp> {
  base: string;
  browser: Browser;
  app: T;
  close: () => Promise<void>;
}

/** Serves `app` on a free loopback port. */
export async function serveOnLoopback(app: Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The app `start` starts on a loopback port, and a browser. */
async function startBrowserApp(start: () => Promise<ServedApp>): Promise<BrowserApp<ServedApp>> {
  const app = await start();
  const served = await serveOnLoopback(app.app).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  const shutDown = async () => {
    await served.close();
    await app.close();
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_FLAGS }).catch(async (err: unknown) => {
    await shutDown();
    throw err;
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    base: served.base,
    browser,
    app,
    close: async () => {
      await browser.close();
      await shutDown();
    },
  };
}

/**
 * A browser suite's app and browser: started before its tests (with `shots`, the folder its
 * screenshots go to, made) and closed after them. The fields of the object returned are set by
 * the time the first test runs.
 */
export function useBrowserApp(opts?: { shots?: string }): BrowserApp;
export function useBrowserApp<T extends ServedApp>(opts: { start: () => Promise<T>; shots?: string }): BrowserApp<T>;
export function useBrowserApp(opts: { start?: () => Promise<ServedApp>; shots?: string } = {}): BrowserApp<ServedApp> {
  const handle = {} as BrowserApp<ServedApp>;
  beforeAll(async () => {
    Object.assign(handle, await startBrowserApp(opts.start ?? startTestApp));
    if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });
  });
  afterAll(async () => handle.close?.());
  return handle;
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical axe-core violations of the page as it is now. */
export async function axe(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as { violations: Violation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Waits until `check` holds, asking from the test's side: the pages' Content-Security-Policy
 * forbids the in-page evaluation that page.waitForFunction polls with.
 */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms in vain`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
