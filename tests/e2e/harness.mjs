// Shared end-to-end harness: serves the release build (dist/) as plain static files from a
// sub-path with Python's http.server (no rewrite rules), and launches Debian's Chromium through
// playwright-core (no browser download). Every test page records console errors, page errors
// and requests, so each test can assert "no error" and "no request to any other origin".
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const screenshotDir = join(here, 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, deadlineMs = 15000) {
  const start = Date.now();
  while (Date.now() - start < deadlineMs) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the static server did not answer at ${url}`);
}

/**
 * Serves dist/ at http://127.0.0.1:PORT/<subPath>/ and returns { baseUrl, origin, appDir, stop }
 * (`appDir` is the served copy of dist/, which a test may change to simulate a new deployment).
 * With `countRequests`, `served` also lists every request the server answered, as
 * { path, status } in order (from http.server's log): what went over the network, in any engine.
 */
export async function serveDist(subPath = 'relance', { countRequests = false } = {}) {
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `trunk build --release` first');
  }
  const siteRoot = mkdtempSync(join(tmpdir(), 'relance-e2e-'));
  const target = join(siteRoot, ...subPath.split('/').filter(Boolean));
  mkdirSync(target, { recursive: true });
  cpSync(dist, target, { recursive: true });
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], {
    cwd: siteRoot, stdio: ['ignore', 'ignore', countRequests ? 'pipe' : 'ignore'],
  });
  const served = [];
  if (countRequests) {
    let rest = '';
    server.stderr.setEncoding('utf8').on('data', (text) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        const match = line.match(/"GET (\S+) HTTP\/[\d.]+" (\d{3})/);
        if (match) served.push({ path: decodeURIComponent(match[1].split('?')[0]), status: Number(match[2]) });
      }
    });
  }
  const origin = `http://127.0.0.1:${port}`;
  const baseUrl = `${origin}/${subPath.split('/').filter(Boolean).join('/')}${subPath ? '/' : ''}`;
  await waitForServer(baseUrl);
  return {
    baseUrl,
    origin,
    appDir: target,
    served,
    stop() {
      server.kill();
      rmSync(siteRoot, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A new context + page that records what would be a defect: console errors, uncaught page
 * errors, failed requests and any request to another origin.
 */
export async function openPage(browser, { origin, width = 1440, height = 900, locale = 'fr-FR', serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, serviceWorkers });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page, origin) };
}

/**
 * What a page (the first of a context, or another one) would count as a defect: console
 * errors, uncaught page errors, failed requests and any request to another origin than
 * `origin`; read by `assertClean`.
 */
export function watchPage(page, origin) {
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.foreignRequests.push(url);
    }
  });
  page.on('requestfailed', (request) => problems.failedRequests.push(`${request.url()} ${request.failure()?.errorText}`));
  return problems;
}

/** Fills the page's localStorage until it refuses even a few characters (keys `test-filler.<n>`). */
export const fillStorage = (page) =>
  page.evaluate(() => {
    let size = 1 << 20;
    let index = 0;
    while (size >= 16) {
      try {
        localStorage.setItem(`test-filler.${index}`, 'x'.repeat(size));
        index += 1;
      } catch {
        size = Math.floor(size / 2);
      }
    }
  });

/**
 * Asserts that nothing went wrong on a page: no uncaught error, no console error (CSP
 * violations show there), no request to another origin; with `failedRequests`, no failed
 * request either (not for tests that go offline or abort on purpose).
 */
export function assertClean(problems, where = 'the page', { failedRequests = false } = {}) {
  assert.deepEqual(problems.pageErrors, [], `uncaught errors on ${where}`);
  assert.deepEqual(problems.consoleErrors, [], `console errors on ${where}`);
  assert.deepEqual(problems.foreignRequests, [], `requests to another origin on ${where}`);
  if (failedRequests) assert.deepEqual(problems.failedRequests, [], `failed requests on ${where}`);
}

export function screenshotPath(name) {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}

/** The committed version-1 ledger (tests/fixtures/storage/ledger-v1/: three clients, six
 * invoices) as localStorage entries, key → text. */
export function ledgerFixture() {
  const dir = join(repoRoot, 'tests', 'fixtures', 'storage', 'ledger-v1');
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/**
 * A page on the dashboard of `server` whose storage holds `entries` (key → text) when the app
 * starts; `requests` lists every URL the page asked for. Storage is written from a file of the
 * same origin that is not the app, so the app starts once, on that storage.
 */
export async function openWithStorage(browser, server, entries, options = {}) {
  const opened = await openPage(browser, { origin: server.origin, ...options });
  const { page } = opened;
  opened.requests = [];
  page.on('request', (request) => opened.requests.push(request.url()));
  // (The browser asks that page for /favicon.ico, which the app does not have.)
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.evaluate((stored) => {
    for (const [key, text] of Object.entries(stored)) localStorage.setItem(key, text);
  }, entries);
  await page.goto(server.baseUrl);
  await page.locator('#main > *').first().waitFor();
  return opened;
}

/** Clicks `locator` and returns the file the browser is offered: { name, text }. */
export async function downloaded(page, locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

const AXE_SOURCE = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core (npm, evaluated through the DevTools protocol, which the page's CSP does not
 * govern: nothing is added to the page) on what `page` shows now, WCAG 2.1 A and AA rules and
 * axe's best practices, and asserts that it finds no violation. The message lists each rule
 * with the first elements it found.
 */
export async function assertAccessible(page, where) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  assert.deepEqual(violations, [], `axe-core violations on ${where}:\n${JSON.stringify(violations, null, 2)}`);
}
