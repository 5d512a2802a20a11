// Times encryption at rest in headless Chromium against the release build: turning encryption on
// (Argon2id with the default parameters, then every value of the committed v1 ledger rewritten
// sealed) and unlocking (Argon2id once, then the books read through the sealed store), from the
// click to the result on screen. Not a test: it prints figures for docs/performance.md.
//
//   node tests/e2e/measure-unlock.mjs [runs]
import { serveDist, launchBrowser, openPage, ledgerFixture } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (values) =>
  `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
const FIXTURE = ledgerFixture();
const PASSPHRASE = 'correct horse battery staple';

const server = await serveDist('relance');
const browser = await launchBrowser();
const turnOn = [];
const unlock = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  await page.goto(server.baseUrl + 'manifest.webmanifest');
  await page.evaluate((entries) => {
    for (const [key, text] of Object.entries(entries)) localStorage.setItem(key, text);
  }, FIXTURE);
  await page.goto(server.baseUrl + '#/settings');
  await page.locator('[data-testid="encryption-section"]').waitFor();
  await page.locator('[data-testid="encryption-new"]').fill(PASSPHRASE);
  await page.locator('[data-testid="encryption-confirm"]').fill(PASSPHRASE);
  let start = Date.now();
  await page.locator('[data-testid="encryption-on"]').click();
  await page.locator('[data-testid="encryption-done"]').waitFor({ timeout: 60_000 });
  turnOn.push(Date.now() - start);
  await page.goto(server.baseUrl);
  await page.reload();
  await page.locator('[data-testid="unlock-passphrase"]').fill(PASSPHRASE);
  start = Date.now();
  await page.locator('[data-testid="unlock-submit"]').click();
  await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor({ timeout: 60_000 });
  unlock.push(Date.now() - start);
  await context.close();
}
await browser.close();
server.stop();
console.log(`turn encryption on (6 invoices):  ${show(turnOn)}`);
console.log(`unlock to the books on screen:    ${show(unlock)}`);
