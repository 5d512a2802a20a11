// The dashboard, as a newcomer meets it: the release build with no data, the demo loaded from
// the first-run screen; the totals per currency agree with the invoices list's totals row to
// the cent; an aging bar opens the list filtered on its bucket (with the same amount); a later
// "as of" date moves the aging, and an empty one says so beside the field and keeps the last
// figures; an action marked done leaves today's actions; erasing the demo from the banner
// brings the first-run screen back. In French and in English; axe-core clean; screenshots at
// 360 px and 1440 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshotPath, assertClean, assertAccessible } from './harness.mjs';

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

const WORDS = {
  fr: {
    locale: 'fr-FR',
    welcome: 'Bienvenue dans Relance',
    loadDemo: 'Charger les données de démonstration',
    dashboard: 'Tableau de bord',
    invoices: 'Factures',
    asOf: 'Situation au',
    today: "Revenir à aujourd'hui",
    bucket: /^1 à 30 jours/,
    missing: 'Saisissez une date complète',
    markDone: 'Marquer comme faite',
    marked: "Relance notée dans l'historique des échanges.",
    erase: 'Effacer les données de démonstration…',
    confirm: 'Effacer la démonstration',
  },
  en: {
    locale: 'en-GB',
    welcome: 'Welcome to Relance',
    loadDemo: 'Load demo data',
    dashboard: 'Dashboard',
    invoices: 'Invoices',
    asOf: 'As of',
    today: 'Back to today',
    bucket: /^1–30 days/,
    missing: 'Enter a full date',
    markDone: 'Mark done',
    marked: 'Reminder noted in the contact log.',
    erase: 'Erase the demo data…',
    confirm: 'Erase the demo',
  },
};

/** An amount as shown (`1 234,56 €`, `€1,234.56`, two decimals) in cents: an integer. */
function cents(text) {
  const digits = text.replace(/[^\d]/g, '');
  assert.ok(digits.length >= 3, `not an amount: ${JSON.stringify(text)}`);
  return Number(digits) * (text.includes('−') || text.includes('-') ? -1 : 1);
}

/** `YYYY-MM-DD` of `days` days after today (the app's clock is the browser's, UTC here). */
function daysFromToday(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The invoices list's "open" total in `currency`, in cents. */
async function listOpen(page, currency) {
  const row = page.locator(`[data-testid="inv-total"][data-currency="${currency}"]`);
  await row.waitFor();
  return cents((await row.locator('td.num').nth(1).textContent()).trim());
}

/** The dashboard's figure `testid` (`dash-open`, `dash-overdue`) in `currency`, in cents. */
async function dashboardFigure(page, currency, testid) {
  const figure = page.locator(`[data-testid="dash-total"][data-currency="${currency}"] [data-testid="${testid}"]`);
  await figure.waitFor();
  return cents((await figure.textContent()).trim());
}

/** The amounts of the aging bars of `currency`, as the links carry them. */
async function agingAmounts(page, currency) {
  return page
    .locator(`[data-testid="dash-aging"][data-currency="${currency}"] [data-testid="dash-aging-bar"]`)
    .evaluateAll((links) => links.map((link) => link.getAttribute('data-amount')));
}

for (const lang of ['fr', 'en']) {
  const words = WORDS[lang];
  test(`the dashboard agrees with the invoices list, follows its date and its actions (${lang})`, async () => {
    const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: words.locale });
    try {
      // No data: the first-run screen; the demo loads from its button.
      await page.goto(server.baseUrl);
      await page.getByRole('heading', { level: 1, name: words.welcome }).waitFor();
      await page.getByRole('button', { name: words.loadDemo }).click();
      await page.getByTestId('dashboard').waitFor();
      await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();
      await page.getByRole('heading', { level: 1, name: words.dashboard }).waitFor();

      // The totals per currency agree with the invoices list's totals row, to the cent.
      const open = {};
      for (const currency of ['EUR', 'GBP']) {
        open[currency] = await dashboardFigure(page, currency, 'dash-open');
        const overdue = await dashboardFigure(page, currency, 'dash-overdue');
        assert.ok(open[currency] > 0 && overdue > 0 && overdue <= open[currency], `${currency}: ${overdue} of ${open[currency]}`);
      }
      await assertAccessible(page, `the dashboard (${lang})`);
      await page.screenshot({ path: screenshotPath(`dashboard-1440-${lang}`), fullPage: true });
      await page.setViewportSize({ width: 360, height: 800 });
      await page.screenshot({ path: screenshotPath(`dashboard-360-${lang}`), fullPage: true });
      await assertAccessible(page, `the dashboard at 360 px (${lang})`);
      await page.setViewportSize({ width: 1440, height: 900 });

      await page.getByRole('navigation').getByRole('link', { name: words.invoices }).click();
      for (const currency of ['EUR', 'GBP']) {
        assert.equal(await listOpen(page, currency), open[currency], `open ${currency}: dashboard and list`);
      }

      // An aging bar opens the list on its bucket, as of the dashboard's date, same amount.
      await page.getByRole('navigation').getByRole('link', { name: words.dashboard }).click();
      const eurAging = page.locator('[data-testid="dash-aging"][data-currency="EUR"]');
      const bar = eurAging.getByRole('link', { name: words.bucket });
      const barAmount = Math.round(Number(await bar.getAttribute('data-amount')) * 100);
      assert.ok(barAmount > 0, 'the demo has EUR invoices 1 to 30 days late');
      await bar.click();
      await page.waitForURL(/#\/invoices\?bucket=1-30&as_of=\d{4}-\d\d-\d\d$/);
      assert.equal(await listOpen(page, 'EUR'), barAmount, 'the bar and the filtered list');

      // A later date moves the aging; the date is in the address.
      await page.goto(server.baseUrl + '#/');
      await page.getByTestId('dashboard').waitFor();
      const before = await agingAmounts(page, 'EUR');
      const later = daysFromToday(45);
      await page.getByLabel(words.asOf).fill(later);
      await page.locator(`[data-testid="dashboard"][data-as-of="${later}"]`).waitFor();
      assert.ok(page.url().endsWith(`#/?as_of=${later}`), page.url());
      const after = await agingAmounts(page, 'EUR');
      assert.notDeepEqual(after, before, 'the aging moved');
      assert.ok(Number(after[0]) < Number(before[0]), `not yet due: ${before[0]} then ${after[0]}`);
      // An empty date: said beside the field; the figures stay those of the last good date.
      await page.getByLabel(words.asOf).fill('');
      await page.getByTestId('dash-error-as-of').getByText(words.missing).waitFor();
      assert.equal(await page.getByTestId('dashboard').getAttribute('data-as-of'), later);
      assert.deepEqual(await agingAmounts(page, 'EUR'), after);
      await assertAccessible(page, `the dashboard with a date error (${lang})`);
      // The address opens the same date.
      await page.goto(server.baseUrl + `#/?as_of=${later}`);
      await page.reload();
      await page.locator(`[data-testid="dashboard"][data-as-of="${later}"]`).waitFor();
      assert.deepEqual(await agingAmounts(page, 'EUR'), after);

      // Back to today: an action marked done leaves today's actions.
      await page.getByRole('button', { name: words.today }).click();
      await page.locator(`[data-testid="dashboard"][data-as-of="${daysFromToday(0)}"]`).waitFor();
      const actions = page.getByTestId('dash-action');
      const countBefore = await actions.count();
      assert.ok(countBefore > 0, 'the demo has actions due today');
      const first = actions.first();
      const step = await first.getAttribute('data-step');
      const client = (await first.locator('strong').textContent()).trim();
      await first.getByRole('button', { name: words.markDone }).click();
      await page.getByRole('status').getByText(words.marked).waitFor();
      const left = await page.getByTestId('dash-action').evaluateAll((lines) =>
        lines.map((line) => `${line.querySelector('strong')?.textContent.trim()}|${line.getAttribute('data-step')}`));
      assert.ok(!left.includes(`${client}|${step}`), `${client} ${step} still due: ${left.join(', ')}`);
      await page.screenshot({ path: screenshotPath(`dashboard-done-1440-${lang}`), fullPage: true });

      // Erasing the demo from the banner: the first-run screen again.
      await page.getByRole('button', { name: words.erase }).click();
      await page.getByRole('button', { name: words.confirm }).click();
      await page.getByRole('heading', { level: 1, name: words.welcome }).waitFor();
      await page.locator('[data-testid="books-summary"][data-invoices="0"]').waitFor();
      assertClean(problems, `the dashboard (${lang})`);
    } finally {
      await context.close();
    }
  });
}
