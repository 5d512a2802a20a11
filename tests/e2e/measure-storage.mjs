// Times the stored ledger in headless Chromium with the persistence benchmark's ledger
// (10,000 invoices, 2 payments and 3 contact-log entries each; benches/support/realistic.rs)
// in localStorage, against the release build. Not a test: it prints figures for
// docs/performance.md (issue #5 budgets: load + decode ≤ 150 ms, save after one edit ≤ 50 ms).
//
//   node tests/e2e/measure-storage.mjs [runs] [invoices]
//
// The figures are the app's own `performance.measure` spans (src/state/books.rs):
// `relance:books-load` (read every key, check, decode, validate: the ledger in memory) and
// `relance:books-save` (encode the changed shards, write them and the manifest, clean up).
// The edit: merging a backup that holds one new invoice for an existing client (Settings).
// Also: when the dashboard shows the books, in ms after navigation start.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser, openPage, repoRoot } from './harness.mjs';

const runs = Number(process.argv[2] ?? 7);
const invoices = Number(process.argv[3] ?? 10000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (values) =>
  `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;

const work = mkdtempSync(join(tmpdir(), 'relance-storage-'));
const storePath = join(work, 'store.json');
const backupPath = join(work, 'one-invoice-backup.json');
execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'realistic_store', '--',
  String(invoices), storePath, backupPath], { cwd: repoRoot, stdio: 'inherit' });
const store = JSON.parse(readFileSync(storePath, 'utf8'));
const backup = readFileSync(backupPath, 'utf8');
const characters = Object.entries(store).reduce((sum, [key, text]) => sum + key.length + text.length, 0);

const spans = (page, name) =>
  page.evaluate((wanted) => performance.getEntriesByName(wanted).map((entry) => entry.duration), name);

const server = await serveDist('relance');
const browser = await launchBrowser();
const loads = [];
const shown = [];
const saves = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await openPage(browser, { origin: server.origin, serviceWorkers: 'block' });
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.evaluate((entries) => {
    for (const [key, text] of Object.entries(entries)) localStorage.setItem(key, text);
  }, store);
  await context.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="books-summary"]')) {
        window.__booksShownAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.baseUrl);
  await page.locator(`[data-testid="books-summary"][data-invoices="${invoices}"]`).waitFor();
  loads.push(...(await spans(page, 'relance:books-load')));
  shown.push(await page.evaluate(() => window.__booksShownAt));

  await page.goto(server.baseUrl + '#/settings');
  await page.locator('[data-testid="restore-file"]').setInputFiles({
    name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(backup, 'utf8'),
  });
  await page.locator('[data-testid="restore-merge"]').click();
  await page.locator('[data-testid="restore-done"]').waitFor();
  const saved = await spans(page, 'relance:books-save');
  if (saved.length !== 1) throw new Error(`expected one save, saw ${saved.length}`);
  saves.push(saved[0]);
  await context.close();
}

// Repeat visits, as a user opens the app day after day: one browser profile with the service
// worker, which keeps the build in its cache; the browser keeps the wasm it compiled (V8's code
// cache) with it. The first visit of the profile is not counted.
const warm = [];
{
  const { context, page } = await openPage(browser, { origin: server.origin });
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.evaluate((entries) => {
    for (const [key, text] of Object.entries(entries)) localStorage.setItem(key, text);
  }, store);
  await page.goto(server.baseUrl);
  await page.locator(`[data-testid="books-summary"][data-invoices="${invoices}"]`).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  for (let visit = 0; visit <= runs; visit++) {
    // Time for the browser to store what it compiled, as between two real visits.
    await page.waitForTimeout(2000);
    await page.reload();
    await page.locator(`[data-testid="books-summary"][data-invoices="${invoices}"]`).waitFor();
    const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
    if (!controlled) throw new Error('the repeat visit was not served by the service worker');
    if (visit > 0) warm.push(...(await spans(page, 'relance:books-load')));
  }
  await context.close();
}

await browser.close();
server.stop();
rmSync(work, { recursive: true, force: true });
console.log(`${invoices} invoices stored in ${Object.keys(store).length} keys, ${characters} characters`);
console.log(`load + decode (relance:books-load), cold:   ${show(loads)}`);
console.log(`load + decode, repeat visits (worker):      ${show(warm)}`);
console.log(`books shown on the dashboard (after nav):    ${show(shown)}`);
console.log(`save after one edit (relance:books-save):    ${show(saves)}`);
