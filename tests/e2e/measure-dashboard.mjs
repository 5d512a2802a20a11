// Times the dashboard with the persistence benchmark's ledger (10,000 invoices, 2 payments and
// 3 contact-log entries each; benches/support/realistic.rs) in localStorage, against the
// release build in headless Chromium. Not a test: it prints figures for docs/performance.md
// (issue #19 targets: the dashboard's figures on screen ≤ 300 ms after navigation on a repeat
// visit, a change of the "as of" date recomputed in < 50 ms).
//
//   node tests/e2e/measure-dashboard.mjs [runs] [invoices]
//
// The generated ledger's invoices are issued from 1 July 2024 to 30 June 2026 and all paid by
// now, so the dashboard is opened as of 1 July 2025 (`#/?as_of=2025-07-01`), when a good part is
// open, overdue, on the ladder and accruing interest; the date then moves around that day.
//
// "Repeat visit": the page is opened once (chunks and stylesheet in the HTTP cache), then
// opened again in the same context; the time is from `page.goto` to the dashboard's totals in
// the DOM (a MutationObserver installed before the app starts). The recompute is taken in the
// page: from the `input` event on the date field to the first task after the next frame, i.e.
// the figures computed again, the DOM updated, style, layout and paint of that frame.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser, openPage, repoRoot } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const invoices = Number(process.argv[3] ?? 10000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const AS_OF = '2025-07-01';
const show = (values) =>
  `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}, n ${values.length})`;

const work = mkdtempSync(join(tmpdir(), 'relance-dashboard-'));
const storePath = join(work, 'store.json');
const backupPath = join(work, 'one-invoice-backup.json');
execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'realistic_store', '--',
  String(invoices), storePath, backupPath], { cwd: repoRoot, stdio: 'inherit' });
const store = JSON.parse(readFileSync(storePath, 'utf8'));

const server = await serveDist('relance');
const browser = await launchBrowser();
const opened = [];
const recomputed = [];
let actions = 0;
for (let run = 0; run < runs; run++) {
  const { context, page } = await openPage(browser, { origin: server.origin, serviceWorkers: 'block' });
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.evaluate((entries) => {
    for (const [key, text] of Object.entries(entries)) localStorage.setItem(key, text);
  }, store);
  // First visit: fills the HTTP cache (app, chunks, stylesheet).
  await page.goto(server.baseUrl + `#/?as_of=${AS_OF}`);
  await page.locator('[data-testid="dash-total"]').first().waitFor({ timeout: 60000 });
  // Repeat visit, timed from navigation to the totals in the DOM.
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.addInitScript(() => {
    const seen = () => {
      if (document.querySelector('[data-testid="dash-total"]') && !window.__dashboardShown) {
        window.__dashboardShown = performance.now();
      }
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.baseUrl + `#/?as_of=${AS_OF}`);
  await page.locator('[data-testid="dash-total"]').first().waitFor({ timeout: 60000 });
  opened.push(await page.evaluate(() => window.__dashboardShown));
  actions = await page.locator('[data-testid="dash-action"]').count();
  // Change the date, a few times, each recomputing everything.
  recomputed.push(...await page.evaluate(async (asOf) => {
    const input = document.querySelector('[data-testid="dash-input-as-of"]');
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const times = [];
    const start = new Date(`${asOf}T00:00:00Z`);
    for (const days of [30, 60, 90, -30, 180, 0]) {
      const date = new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
      await frame();
      const started = performance.now();
      input.value = date;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      times.push(performance.now() - started);
    }
    return times;
  }, AS_OF));
  await context.close();
}
await browser.close();
server.stop();
rmSync(work, { recursive: true, force: true });
console.log(`${invoices} invoices stored (${actions} actions due today on the last run)`);
console.log(`#/?as_of=${AS_OF} opened again, dashboard figures shown (from navigation start): ${show(opened)}`);
console.log(`"as of" date changed → every figure recomputed and painted:     ${show(recomputed)}`);
