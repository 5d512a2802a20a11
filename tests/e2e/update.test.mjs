// A new deployment while tabs are open (issue #22, "a lazy chunk that cannot be fetched"). Every
// file of a build but index.html, sw.js and the manifest is named by its content's hash, and a
// tab fetches its pages' wasm chunks as it goes: an old chunk must be found by a tab that still
// runs the old build, and must never meet a new core.
// - The service worker keeps the previous build's cache (scripts/sw.template.js): two tabs of
//   build A, build B deployed, the update applied in one tab; in the other (still A), every lazy
//   page, another tab's save and the backup download of the not-saved banner work.
// - Where a chunk is truly gone (no service worker: B replaced A on the server), the chunks'
//   loader tells scripts/rescue.js instead of letting the Rust side panic: "Relance was updated:
//   reload to continue", the stored texts offered for download first, and Reload opens build B.
//
// Build B is build A with every content-hashed name changed (what a real deployment of changed
// code does to the names the old tab asks for): no second build, so this runs in seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  serveDist, launchBrowser, openPage, openWithStorage, watchPage, ledgerFixture, fillStorage, downloaded,
  screenshotPath, assertAccessible,
} from './harness.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const sha = (data, algorithm = 'sha256') => createHash(algorithm).update(data).digest();

/**
 * Deploys "build B" over the build served from `appDir`: every content-hashed file but the
 * core renamed under a new hash (the names inside every text file too), the integrity attributes of
 * index.html recomputed, and a new service-worker VERSION. Returns the names that are gone.
 */
function deployNewBuild(appDir, label = 'b') {
  const hashed = /-([0-9a-f]{16})(?:_bg)?\.[a-z]+$/;
  const renames = new Map();
  for (const name of readdirSync(appDir)) {
    const match = hashed.exec(name);
    // The core keeps its name (the wasm names its glue's module in its imports): its glue
    // changes (it names the new chunks' loader), its integrity with it.
    if (match && !name.startsWith('relance-')) renames.set(match[1], sha(`build ${label} ${match[1]}`).toString('hex').slice(0, 16));
  }
  assert.ok(renames.size > 10, `hashed files: ${renames.size}`);
  const renamed = (text) => {
    for (const [from, to] of renames) text = text.replaceAll(from, to);
    return text;
  };
  const gone = [];
  const later = new Date(Date.now() + 60_000);
  for (const name of readdirSync(appDir)) {
    const path = join(appDir, name);
    if (/\.(js|html|css|webmanifest)$/.test(name)) writeFileSync(path, renamed(readFileSync(path, 'utf8')));
    if (renamed(name) !== name) {
      renameSync(path, join(appDir, renamed(name)));
      gone.push(name);
    }
  }
  const indexPath = join(appDir, 'index.html');
  const index = readFileSync(indexPath, 'utf8').replace(
    /href="\.\/([^"]+)"([^>]*?)integrity="sha384-[^"]*"/g,
    (_, file, between) => `href="./${file}"${between}integrity="sha384-${sha(readFileSync(join(appDir, file)), 'sha384').toString('base64')}"`,
  );
  writeFileSync(indexPath, index);
  const workerPath = join(appDir, 'sw.js');
  const worker = readFileSync(workerPath, 'utf8');
  assert.match(worker, /const VERSION = '[0-9a-z-]+';/);
  writeFileSync(workerPath, worker.replace(/const VERSION = '[0-9a-z-]+';/, `const VERSION = 'e2e-build-${label}';`));
  // Later modification times, as a real deployment has: the browser revalidates what it holds.
  for (const name of readdirSync(appDir)) utimesSync(join(appDir, name), later, later);
  return gone;
}

const controlled = (page) =>
  page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller));

const PAGES = [
  ['invoices', 'page-invoices'],
  ['clients', 'page-clients'],
  ['simulator', 'page-simulator'],
  ['letters', 'page-letters'],
  ['settings', 'page-settings'],
  ['dashboard', 'page-dashboard'],
];

/** Opens a page of the app from its navigation (in the same document: no reload) and waits
 * for it, or for the error screen (which fails the test at once rather than at a timeout). */
async function openFromNavigation(page, slug, testid) {
  await page.bringToFront(); // (a tab in the background gets no animation frames)
  await page.getByTestId(`nav-${slug}`).click();
  await page.locator(`[data-testid="${testid}"], [data-testid="crash"]`).first().waitFor();
  if (await page.getByTestId('crash').count() > 0) {
    assert.fail(`the error screen instead of ${slug}: ${await page.getByTestId('crash').textContent()}`);
  }
}

/** Adds a client through the form (the page must show the clients' list). */
async function addClient(page, name) {
  await page.bringToFront();
  await page.getByRole('link', { name: 'New client' }).first().click();
  await page.getByLabel('Client name').fill(name);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

test('a tab of the previous build keeps working after another tab applied the update', async () => {
  const server = await serveDist('relance');
  const first = await openWithStorage(browser, server, ledgerFixture(), { locale: 'en-GB' });
  const { context } = first;
  const tabA = first.page;
  try {
    await tabA.getByTestId('books-summary').waitFor();
    await controlled(tabA);
    const tabB = await context.newPage();
    const problemsB = watchPage(tabB, server.origin);
    const requestsB = [];
    tabB.on('response', (response) => requestsB.push(`${response.status()} ${response.url()}`));
    await tabB.goto(server.baseUrl);
    await tabB.getByTestId('books-summary').waitFor();
    await controlled(tabB);
    const cachesBefore = await tabA.evaluate(() => caches.keys());
    assert.equal(cachesBefore.length, 1, `caches: ${cachesBefore}`);

    const gone = deployNewBuild(server.appDir);
    assert.ok(gone.some((name) => /^split_settings_view[_0-9]*-/.test(name)), gone.join(', '));
    await tabA.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration.update()));
    await tabA.getByTestId('update-banner').waitFor();
    await Promise.all([tabA.waitForEvent('load'), tabA.getByTestId('update-reload').click()]);
    await tabA.getByTestId('books-summary').waitFor();
    const scripts = await tabA.evaluate(() => [...document.scripts].map((script) => script.src));
    assert.ok(!scripts.some((src) => gone.some((name) => src.endsWith(name))), `tab A runs build B: ${scripts}`);
    const cachesAfter = await tabA.evaluate(() => caches.keys());
    assert.deepEqual(cachesAfter.sort(), [...cachesBefore, 'relance-e2e-build-b'].sort(),
      'the previous build is kept beside the new one');
    // The new worker controls tab B too, which still runs build A.
    assert.equal(await tabB.evaluate(() => navigator.serviceWorker.controller.scriptURL.endsWith('/sw.js')), true);

    // Tab B (build A) opens every lazy page: their chunks are gone from the server.
    for (const [slug, testid] of PAGES) await openFromNavigation(tabB, slug, testid);
    const settingsChunk = requestsB.find((line) => /split_settings_view[_0-9]*-/.test(line));
    assert.match(settingsChunk ?? '', /^200 /, 'build A\'s Settings chunk, from the kept cache');

    // Another tab's save reaches tab B (the decoder's chunk of build A).
    await tabA.getByTestId('nav-clients').click();
    await addClient(tabA, 'Atelier Durand');
    await tabA.getByRole('heading', { level: 1, name: 'Atelier Durand' }).waitFor();
    await openFromNavigation(tabB, 'clients', 'page-clients');
    await tabB.getByRole('link', { name: 'Atelier Durand' }).first().waitFor();

    // A save refused in tab B: the not-saved banner's backup (its chunk is build A's) works.
    await fillStorage(tabB);
    await addClient(tabB, 'Boulangerie Martin');
    const banner = tabB.getByTestId('unsaved-banner');
    await banner.waitFor();
    const file = await downloaded(tabB, banner.getByRole('button', { name: 'Download a backup' }));
    assert.match(file.name, /^relance-.*\.json$/);
    assert.match(file.text, /Boulangerie Martin/, 'the backup holds the change not saved');
    assert.equal(await tabB.getByTestId('crash').count(), 0);
    await tabB.screenshot({ path: screenshotPath('update-old-tab-1440-en') });
    assert.deepEqual(problemsB.pageErrors, [], 'uncaught errors in the tab of build A');
    // Its update banner (the update was applied in the other tab: nothing is waiting) reloads
    // it into build B (after the browser asks, since a change is not saved).
    tabB.once('dialog', (prompt) => prompt.accept());
    await Promise.all([tabB.waitForEvent('load'), tabB.getByTestId('update-reload').click()]);
    await tabB.getByTestId('page-clients').waitFor();
    const scriptsB = await tabB.evaluate(() => [...document.scripts].map((script) => script.src));
    assert.ok(!scriptsB.some((src) => gone.some((name) => src.endsWith(name))), `tab B runs build B: ${scriptsB}`);

    // Build C: the previous build (B) is kept, the one before (A) deleted.
    await tabA.evaluate(() => {
      for (const key of Object.keys(localStorage)) if (key.startsWith('test-filler')) localStorage.removeItem(key);
    });
    deployNewBuild(server.appDir, 'c');
    await tabA.bringToFront();
    await tabA.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration.update()));
    await tabA.getByTestId('update-banner').waitFor();
    await Promise.all([tabA.waitForEvent('load'), tabA.getByTestId('update-reload').click()]);
    await tabA.getByTestId('page-clients').waitFor();
    assert.deepEqual((await tabA.evaluate(() => caches.keys())).sort(), ['relance-e2e-build-b', 'relance-e2e-build-c']);
  } finally {
    await context.close();
    server.stop();
  }
});

test('a chunk that is truly gone: "Relance was updated", the stored texts offered first, and Reload opens the new build', async () => {
  const server = await serveDist('relance');
  // No service worker: what a redeploy does to a browser that has none (or a cache evicted).
  const { context, page, problems } = await openWithStorage(browser, server, ledgerFixture(),
    { locale: 'en-GB', serviceWorkers: 'block' });
  try {
    await page.getByTestId('books-summary').waitFor();
    await openFromNavigation(page, 'clients', 'page-clients');
    deployNewBuild(server.appDir);
    // A save refused: the change lives in this tab only.
    await fillStorage(page);
    await addClient(page, 'Boulangerie Martin');
    const banner = page.getByTestId('unsaved-banner');
    await banner.waitFor();
    await page.locator('html[data-unsaved="true"]').waitFor();
    // The backup's code is a chunk of build A: gone.
    await banner.getByRole('button', { name: 'Download a backup' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Relance was updated: reload to continue' });
    await dialog.waitFor();
    await dialog.getByText('A new version of Relance was published').waitFor();
    await dialog.getByText('Your last change could not be saved').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Reload the page');
    await assertAccessible(page, 'the "updated" screen (en)');
    await page.screenshot({ path: screenshotPath('update-chunk-gone-1440-en') });
    // Not frozen: the stored texts download (no chunk needed), as stored.
    const file = await downloaded(page, dialog.getByRole('button', { name: 'Download the saved data' }));
    const texts = JSON.parse(file.text);
    const stored = await page.evaluate(() => Object.fromEntries(
      Object.keys(localStorage).filter((key) => key.startsWith('relance.')).map((key) => [key, localStorage.getItem(key)])));
    assert.deepEqual(texts, stored);
    // Nothing panicked: the wasm did not trap (the page's only errors are the missing chunk).
    assert.ok(!problems.pageErrors.some((error) => /RuntimeError|unreachable/.test(error)), problems.pageErrors.join('\n'));
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) if (key.startsWith('test-filler')) localStorage.removeItem(key);
    });
    // The app is still running (it did not trap): leaving loses the change, so the browser asks.
    const asked = new Promise((resolve) => page.once('dialog', (prompt) => {
      resolve(prompt.type());
      prompt.accept();
    }));
    await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: 'Reload the page' }).click()]);
    assert.equal(await asked, 'beforeunload');
    await page.getByTestId('page-clients').waitFor();
    await openFromNavigation(page, 'settings', 'page-settings');
  } finally {
    await context.close();
    server.stop();
  }
});

test('offline before a chunk was cached: "Pas de connexion", in French, then the page works once back online', async () => {
  const server = await serveDist('relance');
  const { context, page } = await openPage(browser, { origin: server.origin, serviceWorkers: 'block' });
  try {
    await page.goto(server.baseUrl);
    await page.getByTestId('page-dashboard').waitFor();
    await context.setOffline(true);
    await page.getByTestId('nav-simulator').click();
    const dialog = page.getByRole('alertdialog', { name: 'Pas de connexion\u202f: cette partie de Relance n’a pas pu être chargée' });
    await dialog.waitFor();
    await dialog.getByText('Reconnectez-vous, puis rechargez la page.').waitFor();
    await dialog.getByText('Les données déjà enregistrées dans ce navigateur ne sont pas touchées').waitFor();
    await assertAccessible(page, 'the "no connection" screen (fr)');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: screenshotPath('update-offline-360-fr') });
    await context.setOffline(false);
    await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: 'Recharger la page' }).click()]);
    await page.getByTestId('page-simulator').waitFor();
  } finally {
    await context.close();
    server.stop();
  }
});
