// Offline, installable, static-hostable: after a first visit the service worker serves every
// page with the network off; a new deployment is offered, never forced; the build works from
// any sub-path; nothing is requested from another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchBrowser, openPage, screenshotPath, assertClean } from './harness.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const ROUTES = [
  ['#/', 'page-dashboard'],
  ['#/invoices', 'page-invoices'],
  ['#/clients', 'page-clients'],
  ['#/simulator?regime=fr-b2b&principal=1500.00&currency=EUR&due=2024-01-31&until=2024-09-30', 'page-simulator'],
  ['#/letters', 'page-letters'],
  ['#/settings', 'page-settings'],
];

async function firstVisit(page, baseUrl) {
  await page.goto(baseUrl);
  await page.locator('[data-testid="page-dashboard"]').waitFor();
  // The worker has installed, activated and taken control of the page.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined);
}

test('after a first visit every page opens and works with the network off', async () => {
  const server = await serveDist('relance');
  const { context, page, problems } = await openPage(browser, { origin: server.origin });
  try {
    await firstVisit(page, server.baseUrl);
    assert.equal(await page.locator('link[rel="manifest"]').count(), 1);
    const manifest = await (await fetch(new URL('manifest.webmanifest', server.baseUrl))).json();
    assert.equal(manifest.short_name, 'Relance');
    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-testid="page-dashboard"]').waitFor();
    for (const [hash, testid] of ROUTES) {
      await page.goto('about:blank');
      await page.goto(server.baseUrl + hash);
      await page.locator(`[data-testid="${testid}"]`).waitFor();
    }
    // The simulator computes offline.
    await page.goto('about:blank');
    await page.goto(server.baseUrl + ROUTES[3][0] + '&pay=2024-03-15:500.00&pay=2024-06-01:250.00');
    assert.equal(await page.locator('[data-testid="sim-interest"]').getAttribute('data-value'), '92.79');
    await page.screenshot({ path: screenshotPath('offline-simulator-1440-fr'), fullPage: true });
    assertClean(problems, 'offline');
  } finally {
    await context.close();
    server.stop();
  }
});

test('a new deployment is offered with a banner and applied only when the user asks', async () => {
  const server = await serveDist('relance');
  const { context, page, problems } = await openPage(browser, { origin: server.origin });
  try {
    await firstVisit(page, server.baseUrl);
    const oldCaches = await page.evaluate(() => caches.keys());
    // Deploy a "new version": the worker script changes (its VERSION, hence its cache).
    const workerPath = join(server.appDir, 'sw.js');
    const worker = readFileSync(workerPath, 'utf8');
    writeFileSync(workerPath, worker.replace(/const VERSION = '([0-9a-f]+)';/, "const VERSION = 'e2e-new-version';"));
    // A later modification time, as a real deployment has: the browser revalidates the worker
    // script with If-Modified-Since, and http.server answers 304 within the same second.
    const later = new Date(Date.now() + 60_000);
    utimesSync(workerPath, later, later);
    await page.locator('[data-testid="nav-simulator"]').click();
    await page.locator('[data-testid="sim-input-principal"]').fill('1234');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration.update()));
    await page.locator('[data-testid="update-banner"]').waitFor();
    // Not forced: the page and what was typed are still there.
    assert.equal(await page.locator('[data-testid="sim-input-principal"]').inputValue(), '1234');
    await page.screenshot({ path: screenshotPath('update-banner-1440-fr') });
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('[data-testid="update-reload"]').click(),
    ]);
    await page.locator('[data-testid="page-simulator"]').waitFor();
    const newCaches = await page.evaluate(() => caches.keys());
    assert.ok(newCaches.includes('relance-e2e-new-version'), `caches: ${newCaches}`);
    // The previous build's cache is kept for a tab that still runs it (update.test.mjs).
    assert.deepEqual(newCaches.sort(), [...oldCaches, 'relance-e2e-new-version'].sort());
    assertClean(problems, 'update');
  } finally {
    await context.close();
    server.stop();
  }
});

for (const subPath of ['', 'a/b']) {
  test(`the same build works from /${subPath} on a plain static server`, async () => {
    const server = await serveDist(subPath);
    const { context, page, problems } = await openPage(browser, { origin: server.origin, width: 360 });
    try {
      await firstVisit(page, server.baseUrl);
      await page.goto('about:blank');
      await page.goto(server.baseUrl + '#/settings');
      await page.locator('[data-testid="page-settings"]').waitFor();
      assertClean(problems, `from /${subPath}`);
    } finally {
      await context.close();
      server.stop();
    }
  });
}
