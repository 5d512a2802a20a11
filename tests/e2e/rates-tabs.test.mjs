// The user's rates (Settings → Published rates) in several tabs and when the browser refuses to
// save them (issue #5): a rate added in one tab appears in the others; two tabs adding rates
// never drop one tab's row, even when a tab has not yet heard of the other's save (its save
// finds the other tab's text and adds its change on top); a row both tabs changed keeps the
// first save and says so; a refused save shows the banner with a backup download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, screenshotPath, assertClean, openWithStorage, downloaded, fillStorage, watchPage } from './harness.mjs';

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

const openWith = (entries, options) => openWithStorage(browser, server, entries, options);

async function openSettings(page) {
  await page.goto(server.baseUrl + '#/settings');
  await page.locator('[data-testid="rate-form"]').waitFor();
}

/** Fills in the add-a-rate form and submits it. */
async function addRate(page, { table, from, rate, source }) {
  await page.locator('[data-testid="rate-input-table"]').selectOption(table);
  await page.locator('[data-testid="rate-input-from"]').fill(from);
  await page.locator('[data-testid="rate-input-rate"]').fill(rate);
  await page.locator('[data-testid="rate-input-source"]').fill(source);
  await page.locator('[data-testid="rate-add"]').click();
}

const row = (page, table, from) =>
  page.locator(`[data-testid="user-rate-row"][data-table="${table}"][data-from="${from}"]`);

const storedRates = (page) => page.evaluate(() => localStorage.getItem('relance.rates'));

// While `window.__holdStorageEvents` is set, the page does not hear other tabs' saves (the
// listener runs before the app's): as when a tab saves before the other tab's event arrives.
const HOLD = () => {
  window.addEventListener('storage', (event) => {
    if (window.__holdStorageEvents) event.stopImmediatePropagation();
  }, true);
};
const hold = (page, on) => page.evaluate((value) => { window.__holdStorageEvents = value; }, on);

test('two tabs: a rate added in one appears in the other; rates added in both are all kept; a row changed in both keeps the first save and says so', async () => {
  const { context, page, problems } = await openWith({}, { locale: 'en-GB' });
  try {
    await context.addInitScript(HOLD);
    await page.reload();
    await openSettings(page);
    const second = await context.newPage();
    const secondProblems = watchPage(second, server.origin);
    await openSettings(second);

    // Added in the first tab: the second shows it.
    await addRate(page, { table: 'ecb-mro', from: '2026-11-04', rate: '2.15', source: 'first tab' });
    await page.locator('[data-testid="rate-added"]').waitFor();
    // Storage usage is measured again after a rates change too (the rates key, counted).
    assert.doesNotMatch(await page.locator('[data-testid="storage-usage"]').textContent(), /takes 0 B/);
    await row(second, 'ecb-mro', '2026-11-04').waitFor();
    assert.equal(await row(second, 'ecb-mro', '2026-11-04').getAttribute('data-rate'), '2.15');

    // The second tab does not hear of the first tab's next save before making its own.
    await hold(second, true);
    await addRate(page, { table: 'ecb-mro', from: '2026-12-17', rate: '2.00', source: 'first tab again' });
    await page.locator('[data-testid="rate-added"]').waitFor();
    assert.match(await storedRates(page), /2026-12-17/);
    assert.equal(await row(second, 'ecb-mro', '2026-12-17').count(), 0, 'the second tab has not heard');
    await addRate(second, { table: 'uk-bank-rate', from: '2026-11-06', rate: '3.50', source: 'second tab' });
    await second.locator('[data-testid="rate-added"]').waitFor();
    // Its save found the first tab's and added its row on top: every row is kept, and it says so.
    const notice = second.locator('[data-testid="rates-tab-notice"]');
    assert.equal(await notice.getAttribute('data-kind'), 'applied-on-newer');
    assert.match(await notice.textContent(), /changed in another tab: your change was saved on top of it/);
    await row(second, 'ecb-mro', '2026-12-17').waitFor();
    const stored = await storedRates(page);
    for (const date of ['2026-11-04', '2026-12-17', '2026-11-06']) assert.match(stored, new RegExp(date));
    // The first tab hears the second's save and shows every row.
    await row(page, 'uk-bank-rate', '2026-11-06').waitFor();
    assert.equal(await page.locator('[data-testid="user-rate-row"]').count(), 3);
    assert.equal(await second.locator('[data-testid="user-rate-row"]').count(), 3);
    await second.screenshot({ path: screenshotPath('rates-tabs-applied-on-newer'), fullPage: true });

    // Both tabs change the same row, the second without hearing of the first: the first save
    // stands, and the second tab says its change of that row was not made.
    await addRate(page, { table: 'ecb-mro', from: '2026-12-17', rate: '2.10', source: 'first tab, corrected' });
    await page.locator('[data-testid="rate-added"]').waitFor();
    await addRate(second, { table: 'ecb-mro', from: '2026-12-17', rate: '2.30', source: 'second tab, corrected' });
    await second.locator('[data-testid="rates-tab-notice"][data-kind="conflict"]').waitFor();
    assert.match(await notice.textContent(), /was NOT made/);
    assert.match(await notice.textContent(), /yours: 2\.30%; the other tab's, kept: 2\.10%/);
    assert.equal(await second.locator('[data-testid="rate-added"]').count(), 0, 'not reported as added');
    assert.equal(await row(second, 'ecb-mro', '2026-12-17').getAttribute('data-rate'), '2.10');
    assert.match(await storedRates(page), /2026-12-17,2\.10,"first tab, corrected",added/);
    assert.equal(await second.locator('[data-testid="rate-input-rate"]').inputValue(), '2.30', 'what was typed is kept');
    await hold(second, false);

    // A removal in one tab shows in the other.
    await row(second, 'uk-bank-rate', '2026-11-06').locator('[data-testid="user-rate-remove"]').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="user-rate-row"][data-table="uk-bank-rate"]'));
    assert.equal(await page.locator('[data-testid="user-rate-row"]').count(), 2);
    // (Not the failed requests: the reload above cuts the first load's icon request short.)
    assertClean(problems, 'the first tab');
    assertClean(secondProblems, 'the second tab');
  } finally {
    await context.close();
  }
});


test('a rate change the browser refuses to save shows the banner on every page, with a backup that holds it; the next change saves it', async () => {
  const { context, page, problems } = await openWith({});
  try {
    await openSettings(page);
    await fillStorage(page);
    await addRate(page, { table: 'ecb-mro', from: '2026-11-04', rate: '2,15', source: 'Refusé' });
    // The one banner for a change not saved (of the books or of the rates) says which.
    const banner = page.locator('[data-testid="unsaved-banner"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /changement de taux n'est PAS enregistré\u00a0: le navigateur a refusé/);
    assert.equal(await storedRates(page), null, 'nothing stored');
    // In use meanwhile, and said so in Settings too.
    await row(page, 'ecb-mro', '2026-11-04').waitFor();
    await page.locator('[data-testid="rates-save-error"]').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('rates-unsaved-banner') });

    // On another page the banner stays; its backup holds the rate not saved.
    await page.goto(server.baseUrl + '#/simulator');
    await page.locator('[data-testid="page-simulator"]').waitFor();
    await banner.waitFor();
    const rescue = await downloaded(page, page.locator('[data-testid="unsaved-download"]'));
    assert.match(JSON.parse(rescue.text).rates, /2026-11-04,2\.15,Refusé,added/);

    // With room again, the next change saves both.
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith('test-filler.')) localStorage.removeItem(key);
      }
    });
    await openSettings(page);
    await addRate(page, { table: 'ecb-mro', from: '2026-12-17', rate: '2,00', source: 'Accepté' });
    await page.locator('[data-testid="rate-added"]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="unsaved-banner"]'));
    const stored = await storedRates(page);
    assert.match(stored, /2026-11-04,2\.15,Refusé,added/);
    assert.match(stored, /2026-12-17,2\.00,Accepté,added/);
    assertClean(problems, 'the refused rate change', { failedRequests: true });
  } finally {
    await context.close();
  }
});
