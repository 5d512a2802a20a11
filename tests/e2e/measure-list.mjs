// Times the invoices list with the persistence benchmark's ledger (10,000 invoices, 2 payments
// and 3 contact-log entries each; benches/support/realistic.rs) in localStorage, against the
// release build in headless Chromium. Not a test: it prints figures for docs/performance.md
// (issue #18 targets: a keystroke in the search re-renders in under 50 ms, a sort in under
// 100 ms).
//
//   node tests/e2e/measure-list.mjs [runs] [invoices]
//
// Each figure is taken in the page: from the moment the input (or the click) is dispatched to
// the first task after the next frame, i.e. the app's reaction, the DOM update, style, layout
// and paint of that frame.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser, openPage, repoRoot } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const invoices = Number(process.argv[3] ?? 10000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (values) =>
  `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}, n ${values.length})`;

const work = mkdtempSync(join(tmpdir(), 'relance-list-'));
const storePath = join(work, 'store.json');
const backupPath = join(work, 'one-invoice-backup.json');
execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'realistic_store', '--',
  String(invoices), storePath, backupPath], { cwd: repoRoot, stdio: 'inherit' });
const store = JSON.parse(readFileSync(storePath, 'utf8'));

const server = await serveDist('relance');
const browser = await launchBrowser();
const opened = [];
const keystrokes = [];
const sorts = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await openPage(browser, { origin: server.origin, serviceWorkers: 'block' });
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.evaluate((entries) => {
    for (const [key, text] of Object.entries(entries)) localStorage.setItem(key, text);
  }, store);
  const start = Date.now();
  await page.goto(server.baseUrl + '#/invoices');
  await page.locator('[data-testid="inv-row"]').first().waitFor({ timeout: 60000 });
  opened.push(Date.now() - start);
  // Type a search, one character at a time, then clear it.
  keystrokes.push(...await page.evaluate(async () => {
    const input = document.querySelector('[data-testid="inv-list-input-search"]');
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const times = [];
    for (const text of ['F', 'F-', 'F-2', 'F-20', 'F-202', 'F-2025', 'F-2025-0', '']) {
      await frame();
      const started = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      times.push(performance.now() - started);
    }
    return times;
  }));
  // Sort by each column, twice (ascending then descending).
  sorts.push(...await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const times = [];
    for (const button of [...document.querySelectorAll('[data-testid^="inv-sort-"]')]) {
      for (let twice = 0; twice < 2; twice++) {
        await frame();
        const started = performance.now();
        button.click();
        await frame();
        times.push(performance.now() - started);
      }
    }
    return times;
  }));
  await context.close();
}
await browser.close();
server.stop();
rmSync(work, { recursive: true, force: true });
console.log(`${invoices} invoices stored`);
console.log(`#/invoices opened, first rows shown (from navigation, incl. load): ${show(opened)}`);
console.log(`search keystroke → rows re-rendered:                              ${show(keystrokes)}`);
console.log(`sort by a column → rows re-rendered:                              ${show(sorts)}`);
