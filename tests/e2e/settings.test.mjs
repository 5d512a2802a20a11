// Settings → Published rates, end to end: the missing French half-year is flagged in the
// Simulator; the user adds the rate in Settings; the Simulator then uses it (flagged as entered
// by the user), across a reload; removing it brings the flag back. Bad input is refused beside
// its field, and a CSV import takes every line or none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

async function open(hash, testid, options = {}) {
  const opened = await openPage(browser, { origin: server.origin, ...options });
  await opened.page.goto(server.baseUrl + hash);
  await opened.page.locator(`[data-testid="${testid}"]`).waitFor();
  return opened;
}

// French legal rate, "all other cases", across the half-year the built-in table lacks (2026 S2).
const SIMULATION =
  '#/simulator?regime=fr-legal&principal=1000.00&due=2026-05-31&until=2026-09-30&category=other';

const flagKinds = (page) =>
  page.locator('[data-testid="sim-flag"]').evaluateAll((flags) => flags.map((flag) => flag.dataset.kind));

async function goTo(page, hash, testid) {
  await page.goto(server.baseUrl + hash);
  await page.locator(`[data-testid="${testid}"]`).waitFor();
}

async function simulationFlags(page) {
  await goTo(page, SIMULATION, 'page-simulator');
  await page.locator('[data-testid="sim-interest"]').waitFor();
  return flagKinds(page);
}

test('a rate added in Settings replaces the missing half-year, persists, and can be removed', async () => {
  const { context, page, problems } = await open(SIMULATION, 'page-simulator');
  try {
    await page.locator('[data-testid="sim-interest"]').waitFor();
    const flag = page.locator('[data-testid="sim-flag"][data-kind="rate-not-published"]');
    assert.equal(await flag.count(), 1, 'the missing half-year is flagged');
    assert.equal(await flag.locator('a[href="#/settings"]').count(), 1, 'with a link to Settings');

    // The flag's link leads to Settings, which says what is missing and how to add it.
    await flag.locator('a[href="#/settings"]').click();
    await page.locator('[data-testid="page-settings"]').waitFor();
    const gap = page.locator('[data-testid="rate-gap"][data-table="fr-taux-legal-other"]');
    assert.match(await gap.textContent(), /taux de l'intérêt légal du 2e semestre 2026 n'est pas encore dans Relance/);
    assert.equal(await page.locator('[data-testid="user-rate-row"]').count(), 0);

    // The gap's button fills in the table and the date; the user types the rate and the source.
    await gap.locator('[data-testid="rate-gap-fill"]').click();
    assert.equal(await page.locator('[data-testid="rate-input-table"]').inputValue(), 'fr-taux-legal-other');
    assert.equal(await page.locator('[data-testid="rate-input-from"]').inputValue(), '2026-07-01');
    await page.locator('[data-testid="rate-input-from"]').fill('2026-07-01');
    await page.locator('[data-testid="rate-input-rate"]').fill('3,10');
    await page.locator('[data-testid="rate-input-source"]').fill('test');
    await page.locator('[data-testid="rate-add"]').click();
    await page.locator('[data-testid="rate-added"]').waitFor();
    const row = page.locator('[data-testid="user-rate-row"]');
    assert.equal(await row.count(), 1);
    assert.equal(await row.getAttribute('data-table'), 'fr-taux-legal-other');
    assert.equal(await row.getAttribute('data-from'), '2026-07-01');
    assert.equal(await row.getAttribute('data-rate'), '3.10');
    assert.match(await row.textContent(), /saisi par vous/);
    // "All other cases" is now covered; the consumer category is still to add.
    assert.equal(await page.locator('[data-testid="rate-gap"][data-table="fr-taux-legal-other"]').count(), 0);
    assert.equal(await page.locator('[data-testid="rate-gap"][data-table="fr-taux-legal-consumer"]').count(), 1);

    // The Simulator uses it, marked as entered by the user.
    let kinds = await simulationFlags(page);
    assert.ok(!kinds.includes('rate-not-published'), `no rate-not-published flag: ${kinds}`);
    assert.ok(kinds.includes('rate-user-entered'), `a rate-user-entered flag: ${kinds}`);
    const rateFromJuly = () => page.locator('[data-testid="sim-period"][data-start="2026-07-01"]').getAttribute('data-rate');
    assert.equal(await rateFromJuly(), '3.10');

    // A reload keeps it (saved in localStorage).
    await page.reload();
    await page.locator('[data-testid="sim-interest"]').waitFor();
    kinds = await flagKinds(page);
    assert.ok(!kinds.includes('rate-not-published'), `still no rate-not-published flag after a reload: ${kinds}`);
    assert.ok(kinds.includes('rate-user-entered'));
    assert.equal(await rateFromJuly(), '3.10');
    assert.match(await page.evaluate(() => localStorage.getItem('relance.rates')), /^relance-rates 1\n\[fr-taux-legal-other\]\n/);

    // Removing it brings the flag back.
    await goTo(page, '#/settings', 'page-settings');
    await page.locator('[data-testid="user-rate-remove"]').click();
    await page.locator('[data-testid="user-rates-empty"]').waitFor();
    kinds = await simulationFlags(page);
    assert.ok(kinds.includes('rate-not-published'), `the flag is back: ${kinds}`);
    assert.ok(!kinds.includes('rate-user-entered'));
    assert.equal(await page.evaluate(() => localStorage.getItem('relance.rates')), 'relance-rates 1\n');
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('a rate that is not a number is refused beside its field and nothing is added', async () => {
  const { context, page, problems } = await open('#/settings', 'page-settings');
  try {
    await page.locator('[data-testid="rate-input-from"]').fill('2026-07-01');
    await page.locator('[data-testid="rate-input-rate"]').fill('abc');
    await page.locator('[data-testid="rate-add"]').click();
    const error = page.locator('[data-testid="rate-error-rate"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="rate-error-rate"]')?.textContent.trim() !== '');
    assert.match(await error.textContent(), /« abc » n'est pas un taux/);
    assert.match(await page.locator('[data-testid="rate-error-source"]').textContent(), /où vous avez lu/);
    assert.equal(await page.locator('[data-testid="rate-error-from"]').textContent(), '');
    assert.equal(await page.locator('[data-testid="rate-input-rate"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[data-testid="user-rate-row"]').count(), 0);
    assert.equal(await page.locator('[data-testid="rate-added"]').count(), 0);
    // A date that does not start a half-year, for the French rate: said beside the date.
    await page.locator('[data-testid="rate-input-from"]').fill('2026-08-01');
    await page.locator('[data-testid="rate-input-rate"]').fill('3.10');
    await page.locator('[data-testid="rate-input-source"]').fill('test');
    await page.locator('[data-testid="rate-add"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="rate-error-from"]')?.textContent.trim() !== '');
    assert.match(await page.locator('[data-testid="rate-error-from"]').textContent(), /1er janvier ou le 1er juillet/);
    assert.equal(await page.locator('[data-testid="user-rate-row"]').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('relance.rates')), null);
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('a CSV import lists every bad line and imports nothing, then takes a good one whole', async () => {
  const { context, page, problems } = await open('#/settings', 'page-settings', { locale: 'en-GB' });
  try {
    await page.locator('[data-testid="rate-import-kind"]').selectOption('fr-taux-legal');
    await page.locator('[data-testid="rate-import-text"]').fill(
      'from,to,consumer_percent,other_percent,source\n' +
      '2026-07-01,2026-12-31,6.65,3.10,JORF\n' +
      '2027-01-01,2027-06-30,six,3.00,JORF\n' +
      '2027-07-01,2027-12-30,6.00,3.00,JORF\n');
    await page.locator('[data-testid="rate-import"]').click();
    await page.locator('[data-testid="rate-import-errors"]').waitFor();
    const lines = await page.locator('[data-testid="rate-import-error"]').evaluateAll((items) => items.map((item) => item.dataset.line));
    assert.deepEqual(lines, ['3', '4']);
    assert.match(await page.locator('[data-testid="rate-import-error"]').first().textContent(), /^Line 3: /);
    assert.equal(await page.locator('[data-testid="user-rate-row"]').count(), 0);

    await page.locator('[data-testid="rate-import-text"]').fill(
      'from,to,consumer_percent,other_percent,source\n2026-07-01,2026-12-31,6.65,3.10,JORF\n');
    await page.locator('[data-testid="rate-import"]').click();
    await page.locator('[data-testid="rate-import-done"]').waitFor();
    assert.equal(await page.locator('[data-testid="user-rate-row"]').count(), 2);
    assert.equal(await page.locator('[data-testid="rate-gap"][data-table^="fr-taux-legal"]').count(), 0);
    // The same file, chosen with the file input, is read into the text area.
    await page.locator('[data-testid="rate-import-file"]').setInputFiles({
      name: 'rates.csv', mimeType: 'text/csv',
      buffer: Buffer.from('effective_from,rate_percent,source\n2026-11-05,3.50,BoE\n'),
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="rate-import-text"]')?.value.includes('2026-11-05'));
    assertClean(problems);
  } finally {
    await context.close();
  }
});

for (const [width, locale, lang] of [[360, 'fr-FR', 'fr'], [1440, 'fr-FR', 'fr'], [360, 'en-GB', 'en'], [1440, 'en-GB', 'en']]) {
  test(`the Settings page at ${width} px in ${lang} (screenshot)`, async () => {
    const { context, page, problems } = await open('#/settings', 'page-settings', { width, locale });
    try {
      // One entry of the user's, to show how it looks; the French half-year stays missing.
      await page.locator('[data-testid="rate-input-table"]').selectOption('uk-bank-rate');
      await page.locator('[data-testid="rate-input-from"]').fill('2026-11-05');
      await page.locator('[data-testid="rate-input-rate"]').fill(lang === 'fr' ? '3,50' : '3.50');
      await page.locator('[data-testid="rate-input-source"]').fill('BoE, MPC 5 November 2026');
      await page.locator('[data-testid="rate-add"]').click();
      await page.locator('[data-testid="user-rate-row"]').waitFor();
      assert.equal(await page.locator('[data-testid="rate-gap"][data-table="fr-taux-legal-other"]').count(), 1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'no horizontal scroll');
      await page.screenshot({ path: screenshotPath(`settings-${width}-${lang}`), fullPage: true });
      assertClean(problems);
    } finally {
      await context.close();
    }
  });
}
