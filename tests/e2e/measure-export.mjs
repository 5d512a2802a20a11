// Times the CSV export of the invoices list with the persistence benchmark's ledger (10,000
// invoices, 2 payments and 3 contact-log entries each; benches/support/realistic.rs) against
// the release build in headless Chromium. Not a test: it prints figures for
// docs/performance.md (issue #21 target: an export of 10,000 invoices ≤ 100 ms).
//
//   node tests/e2e/measure-export.mjs [runs] [invoices]
//
// The time is taken in the page, from the button's click (dispatched by script) to the
// download's anchor being clicked by the app (`HTMLAnchorElement.prototype.click`, wrapped
// before the app starts): the rows computed as of the date, the file written and the Blob made.
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

const work = mkdtempSync(join(tmpdir(), 'relance-export-'));
const storePath = join(work, 'store.json');
const backupPath = join(work, 'one-invoice-backup.json');
execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'realistic_store', '--',
  String(invoices), storePath, backupPath], { cwd: repoRoot, stdio: 'inherit' });
const store = JSON.parse(readFileSync(storePath, 'utf8'));

const server = await serveDist('relance');
const browser = await launchBrowser();
const times = { 'excel-fr': [], standard: [] };
let rows = 0;
for (let run = 0; run < runs; run++) {
  const { context, page } = await openPage(browser, { origin: server.origin, serviceWorkers: 'block' });
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.evaluate((entries) => {
    for (const [key, text] of Object.entries(entries)) localStorage.setItem(key, text);
  }, store);
  await page.addInitScript(() => {
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      if (this.download) window.__downloaded = performance.now();
      return click.call(this);
    };
  });
  await page.goto(server.baseUrl + '#/invoices');
  await page.locator('[data-testid="inv-row"]').first().waitFor({ timeout: 60000 });
  rows = Number((await page.getByTestId('inv-count').textContent()).replace(/[^\d]/g, '').slice(0, 5));
  for (const format of ['excel-fr', 'standard']) {
    await page.getByLabel('Format du fichier').selectOption(format);
    for (let repeat = 0; repeat < 3; repeat++) {
      const took = await page.evaluate(async () => {
        window.__downloaded = undefined;
        const button = document.querySelector('[data-testid="inv-export-invoices"]');
        const started = performance.now();
        button.click();
        await new Promise((resolve) => setTimeout(resolve, 0));
        return window.__downloaded - started;
      });
      times[format].push(took);
    }
  }
  await context.close();
}
await browser.close();
server.stop();
rmSync(work, { recursive: true, force: true });
console.log(`${invoices} invoices stored (the list shows ${rows})`);
console.log(`export of the list's invoices, Excel France: ${show(times['excel-fr'])}`);
console.log(`export of the list's invoices, standard:     ${show(times.standard)}`);
