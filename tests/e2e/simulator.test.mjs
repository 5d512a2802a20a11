// The Simulator, end to end: shareable links compute at once with figures checked by hand,
// edits update the result and the link, malformed parameters are reported beside their field
// while the rest still computes, and the flags appear with their kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serveDist, launchBrowser, openPage, screenshotPath, assertClean } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist('relance');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function open(hash, options = {}) {
  const opened = await openPage(browser, { origin: server.origin, ...options });
  await opened.page.goto(server.baseUrl + hash);
  await opened.page.locator('[data-testid="page-simulator"]').waitFor();
  return opened;
}

const value = (page, testid) => page.locator(`[data-testid="${testid}"]`).getAttribute('data-value');

const DOCUMENTED_LINK =
  '#/simulator?regime=fr-b2b&principal=1500.00&currency=EUR&due=2024-01-31&until=2024-09-30&pay=2024-03-15:500.00&pay=2024-06-01:250.00';

test('the documented link computes at once, to the cent', async () => {
  const { context, page, problems } = await open(DOCUMENTED_LINK);
  try {
    await page.locator('[data-testid="sim-interest"]').waitFor();
    // fr-b2b: ECB rate on 1 Jan 2024 = 4.50 → 14.50 %; on 1 Jul 2024 = 4.25 → 14.25 % (ecb-mro.csv).
    // 1 Feb–15 Mar: 44 d × 1500 × 14.50 % / 365 = 26.2192 → 26.22
    // 16 Mar–1 Jun: 78 d × 1000 × 14.50 % / 365 = 30.9863 → 30.99
    // 2 Jun–30 Jun: 29 d ×  750 × 14.50 % / 365 =  8.6404 →  8.64
    // 1 Jul–30 Sep: 92 d ×  750 × 14.25 % / 365 = 26.9384 → 26.94     total 92.79
    const periods = await page.locator('[data-testid="sim-period"]').evaluateAll((rows) =>
      rows.map((row) => ({ ...row.dataset })));
    assert.deepEqual(periods.map(({ testid, published, ...rest }) => rest), [
      { start: '2024-02-01', end: '2024-03-15', days: '44', rate: '14.50', base: '1500.00', interest: '26.22' },
      { start: '2024-03-16', end: '2024-06-01', days: '78', rate: '14.50', base: '1000.00', interest: '30.99' },
      { start: '2024-06-02', end: '2024-06-30', days: '29', rate: '14.50', base: '750.00', interest: '8.64' },
      { start: '2024-07-01', end: '2024-09-30', days: '92', rate: '14.25', base: '750.00', interest: '26.94' },
    ]);
    assert.equal(await value(page, 'sim-interest'), '92.79');
    assert.equal(await value(page, 'sim-compensation'), '40.00');
    assert.equal(await value(page, 'sim-total'), '132.79');
    assert.equal(await value(page, 'sim-outstanding'), '750.00');
    assert.equal(await value(page, 'sim-balance-due'), '882.79'); // 750.00 + 92.79 + 40.00
    assert.match(await page.locator('[data-testid="sim-method"]').textContent(), /÷ 365/);
    assert.match(await page.locator('[data-testid="sim-legal-basis"]').textContent(), /L441-10/);
    assert.equal(await page.locator('[data-testid="sim-flag"]').count(), 0);
    await page.screenshot({ path: screenshotPath('simulator-link-1440-fr'), fullPage: true });
    // The breakdown downloads as a French CSV (semicolons, decimal commas).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="sim-export-csv"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'relance-interets.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /^\uFEFFDu;Au;Jours;/);
    assert.match(csv, /\r\n2024-02-01;2024-03-15;44;[^;]+;1500,00;26,22;/);
    assert.match(csv, /\r\nTotal à réclamer en plus du principal;132,79\r\n/);
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('a UK debt keeps the rate fixed when interest started and owes £70 on exactly £1,000', async () => {
  const { context, page, problems } = await open(
    '#/simulator?regime=uk-b2b&principal=1000.00&currency=GBP&due=2023-06-29&until=2024-01-31', { locale: 'en-GB', width: 360 });
  try {
    await page.locator('[data-testid="sim-interest"]').waitFor();
    // First day 30 Jun 2023 (first half-year) → Bank Rate on 31 Dec 2022 = 3.50 → 11.50 %, fixed.
    // 30 Jun 2023–31 Jan 2024 = 216 days; 1000 × 11.50 % × 216 / 365 = 68.0548 → 68.05.
    const periods = await page.locator('[data-testid="sim-period"]').evaluateAll((rows) => rows.map((row) => row.dataset.rate));
    assert.deepEqual([...new Set(periods)], ['11.50']);
    assert.equal(await value(page, 'sim-interest'), '68.05');
    assert.equal(await value(page, 'sim-compensation'), '70.00');
    assert.equal(await value(page, 'sim-total'), '138.05');
    await page.screenshot({ path: screenshotPath('simulator-uk-360-en'), fullPage: true });
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('editing the inputs updates the result and the link', async () => {
  const { context, page, problems } = await open(DOCUMENTED_LINK);
  try {
    await page.locator('[data-testid="sim-interest"]').waitFor();
    await page.locator('[data-testid="sim-input-principal"]').fill('3 000,00');
    // With 3000 the bases are 3000, 2500, 2250, 2250 (the two payments still deducted).
    // 44 d × 3000 × 14.5 % / 365 = 52.4384 → 52.44; 78 d × 2500 = 77.4658 → 77.47;
    // 29 d × 2250 = 25.9212 → 25.92; 92 d × 2250 × 14.25 % = 80.8151 → 80.82; total 236.65.
    await page.waitForFunction(() => document.querySelector('[data-testid="sim-interest"]')?.dataset.value === '236.65');
    assert.match(page.url(), /principal=3000\.00/);
    await page.locator('[data-testid="sim-add-payment"]').click();
    assert.equal(await page.locator('[data-testid="sim-payment-row"]').count(), 3);
    await page.locator('[data-testid="sim-input-pay-date"]').nth(2).fill('2024-09-01');
    await page.locator('[data-testid="sim-input-pay-amount"]').nth(2).fill('2250');
    // Paid in full on 1 Sep: accrual stops; 1 Jul–1 Sep = 63 d × 2250 × 14.25 % / 365 = 55.3407 → 55.34.
    await page.waitForFunction(() => document.querySelector('[data-testid="sim-outstanding"]')?.dataset.value === '0.00');
    assert.equal(await value(page, 'sim-interest'), (52.44 + 77.47 + 25.92 + 55.34).toFixed(2));
    assert.match(page.url(), /pay=2024-09-01:2250\.00/);
    // The link reopens the same simulation.
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await page.locator('[data-testid="sim-interest"]').waitFor();
    assert.equal(await value(page, 'sim-interest'), '211.17');
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('a malformed parameter is shown beside its field and the rest still computes', async () => {
  const { context, page, problems } = await open(`${DOCUMENTED_LINK}&pay=2024-02-30:100.00&daycount=weird`);
  try {
    await page.locator('[data-testid="sim-interest"]').waitFor();
    assert.equal(await value(page, 'sim-interest'), '92.79');
    const paymentErrors = await page.locator('.payments__error').allTextContents();
    assert.ok(paymentErrors.some((text) => text.includes('2024-02-30')), `payment errors: ${paymentErrors}`);
    await page.locator('.simulator__options summary').click();
    assert.match(await page.locator('[data-testid="sim-error-daycount"]').textContent(), /weird/);
    await page.goto('about:blank');
    await page.goto(server.baseUrl + '#/simulator?regime=fr-b2b&principal=1,500&due=2024-01-31');
    await page.locator('[data-testid="sim-incomplete"]').waitFor();
    assert.match(await page.locator('[data-testid="sim-error-principal"]').textContent(), /ambigu/);
    await page.screenshot({ path: screenshotPath('simulator-errors-1440-fr'), fullPage: true });
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('flags name what the reader must know: an unpublished rate, a contract rate below the floor', async () => {
  const { context, page, problems } = await open(
    '#/simulator?regime=fr-legal&principal=1000.00&due=2026-05-31&until=2026-09-30&category=other');
  try {
    await page.locator('[data-testid="sim-interest"]').waitFor();
    const kinds = await page.locator('[data-testid="sim-flag"]').evaluateAll((flags) => flags.map((flag) => flag.dataset.kind));
    assert.ok(kinds.includes('rate-not-published'), `flags: ${kinds}`);
    assert.equal(await page.locator('[data-testid="sim-flag"][data-kind="rate-not-published"] a[href="#/settings"]').count(), 1);
    // Legal interest runs from the formal notice: without its date, the reader is told.
    assert.ok(kinds.includes('formal-notice-date-missing'), `flags: ${kinds}`);
    // The line past the last published rate says so on its own.
    assert.equal(await page.locator('[data-testid="sim-period"][data-start="2026-07-01"]').getAttribute('data-published'), 'false');
    assert.equal(await page.locator('[data-testid="sim-period"][data-start="2026-06-01"]').getAttribute('data-published'), 'true');
    await page.screenshot({ path: screenshotPath('simulator-flags-1440-fr'), fullPage: true });
    // With the date of the formal notice, interest starts that day and the flag goes.
    await page.locator('[data-testid="sim-input-notice"]').fill('2026-07-15');
    await page.waitForFunction(() => document.querySelector('[data-testid="sim-period"]')?.dataset.start === '2026-07-15');
    assert.equal(await page.locator('[data-testid="sim-flag"][data-kind="formal-notice-date-missing"]').count(), 0);
    assert.match(page.url(), /from=2026-07-15/);
    await page.goto('about:blank');
    await page.goto(server.baseUrl + '#/simulator?regime=fr-b2b-contract&principal=1000.00&due=2025-01-31&until=2025-03-31&rate=5');
    await page.locator('[data-testid="sim-interest"]').waitFor();
    assert.equal(await page.locator('[data-testid="sim-flag"][data-kind="contract-rate-below-floor"]').count(), 1);
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('a blank Simulator opens with no field in red; an error shows once a field is typed in or left', async () => {
  const { context, page, problems } = await open('#/simulator');
  try {
    const principal = page.getByLabel('Montant dû (TTC)');
    const due = page.getByLabel("Date d'échéance");
    // Nothing typed yet: the results say what is missing, no field is marked invalid.
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    assert.equal(await page.locator('.field--invalid').count(), 0);
    assert.deepEqual(
      (await page.locator('.field__error').allTextContents()).filter((text) => text.trim() !== ''),
      [],
    );
    // Typed in, then cleared: the field says it is needed.
    await principal.fill('12');
    await principal.fill('');
    await page.waitForFunction(() => document.querySelector('#sim-input-principal')?.getAttribute('aria-invalid') === 'true');
    const principalError = await principal.getAttribute('aria-describedby');
    assert.match(await page.locator(`[id="${principalError.split(' ').pop()}"]`).textContent(), /nécessaire au calcul/);
    // Left without typing: the same.
    assert.equal(await due.getAttribute('aria-invalid'), 'false');
    await due.focus();
    await due.blur();
    await page.waitForFunction(() => document.querySelector('#sim-input-due')?.getAttribute('aria-invalid') === 'true');
    // A value that came with a link is checked at once (see the malformed-parameter test).
    await page.screenshot({ path: screenshotPath('simulator-touched-errors-1440-fr'), fullPage: true });
    assertClean(problems);
  } finally {
    await context.close();
  }
});
