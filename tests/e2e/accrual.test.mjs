// The late-payment interest on an invoice's page, as a newcomer meets it: a French business
// client and an invoice issued 130 days ago (net 30: due 100 days ago) typed through the
// forms; its page shows the interest and the 40 € compensation accrued to today; its link
// opens the Simulator on the same invoice, which shows exactly the same figures. In French and
// in English, against the release build; axe-core on the invoice page; screenshots at 360 px
// and 1440 px.
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
    clients: 'Clients',
    newClient: 'Nouveau client',
    clientName: 'Nom du client',
    save: 'Enregistrer',
    created: 'Client créé.',
    newInvoice: 'Nouvelle facture pour ce client',
    newInvoiceTitle: 'Nouvelle facture',
    number: 'Numéro de facture',
    issue: "Date d'émission",
    amount: 'Montant',
    amountTyped: '1 234,56',
    saveInvoice: 'Enregistrer la facture',
    saved: 'Facture enregistrée',
    block: 'Pénalités de retard à ce jour',
    openSimulator: 'Ouvrir dans le simulateur',
    forty: '40,00\u00a0€',
    money: /^(\d{1,3}(?:\u202f\d{3})*),(\d\d)\u00a0€$/,
    source: /^Taux annuel\u202f: \d+,\d\d\u00a0%.* — France, entre professionnels .*L441-10/,
  },
  en: {
    locale: 'en-GB',
    clients: 'Clients',
    newClient: 'New client',
    clientName: 'Client name',
    save: 'Save',
    created: 'Client created.',
    newInvoice: 'New invoice for this client',
    newInvoiceTitle: 'New invoice',
    number: 'Invoice number',
    issue: 'Issue date',
    amount: 'Amount',
    amountTyped: '1,234.56',
    saveInvoice: 'Save the invoice',
    saved: 'Invoice saved',
    block: 'Late-payment interest to date',
    openSimulator: 'Open in the Simulator',
    forty: '€40.00',
    money: /^€(\d{1,3}(?:,\d{3})*)\.(\d\d)$/,
    source: /^Annual rate: \d+\.\d\d%.* — France, business debtor .*L441-10/,
  },
};

/** `YYYY-MM-DD` of `days` days before today (the app's clock is the browser's, UTC here). */
function daysAgo(days) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The amount written `text` in the language's format, in cents (an integer: no float). */
function cents(text, pattern) {
  const match = text.match(pattern);
  assert.ok(match, `not an amount: ${JSON.stringify(text)}`);
  return Number(match[1].replace(/[^\d]/g, '')) * 100 + Number(match[2]);
}

for (const lang of ['fr', 'en']) {
  const words = WORDS[lang];
  test(`an overdue invoice shows its interest and 40 € to date, and the Simulator gives the same figures (${lang})`, async () => {
    const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: words.locale });
    try {
      // A client: France and business are the form's defaults.
      await page.goto(server.baseUrl + '#/clients');
      await page.getByRole('heading', { level: 1, name: words.clients }).waitFor();
      await page.getByRole('link', { name: words.newClient }).first().click();
      await page.getByLabel(words.clientName).fill('Menuiserie Lefèvre SAS');
      await page.getByRole('button', { name: words.save, exact: true }).click();
      await page.getByText(words.created).waitFor();
      // Its invoice, issued 130 days ago, net 30 (the form's default terms): due 100 days ago.
      await page.getByRole('link', { name: words.newInvoice }).click();
      await page.getByRole('heading', { level: 1, name: words.newInvoiceTitle }).waitFor();
      await page.getByLabel(words.number).fill('F-2026-100');
      await page.getByLabel(words.issue).fill(daysAgo(130));
      await page.getByLabel(words.amount, { exact: true }).fill(words.amountTyped);
      await page.getByRole('button', { name: words.saveInvoice }).click();
      await page.getByText(words.saved).waitFor();
      await page.getByRole('link', { name: 'F-2026-100' }).click();
      await page.getByRole('heading', { level: 1, name: /F-2026-100/ }).waitFor();

      // The block: interest, 40 €, total = interest + 40 €, the rate in one line.
      const block = page.getByRole('region', { name: words.block });
      await block.waitFor();
      const interest = (await page.getByTestId('inv-accrual-interest').textContent()).trim();
      const compensation = (await page.getByTestId('inv-accrual-compensation').textContent()).trim();
      const total = (await page.getByTestId('inv-accrual-total').textContent()).trim();
      assert.equal(compensation, words.forty);
      assert.ok(cents(interest, words.money) > 0, `interest ${interest}`);
      assert.equal(cents(total, words.money), cents(interest, words.money) + 4000, `${interest} + ${compensation} = ${total}`);
      assert.match((await page.getByTestId('inv-accrual-source').textContent()).trim(), words.source);
      await assertAccessible(page, `the invoice page with its interest (${lang})`);
      await page.screenshot({ path: screenshotPath(`invoice-accrual-1440-${lang}`), fullPage: true });
      await page.setViewportSize({ width: 360, height: 800 });
      await block.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`invoice-accrual-360-${lang}`), fullPage: true });
      await assertAccessible(page, `the invoice page at 360 px (${lang})`);
      await page.setViewportSize({ width: 1440, height: 900 });

      // The Simulator, opened from the link: the same invoice, the same figures to the cent.
      await page.getByRole('link', { name: words.openSimulator }).click();
      await page.getByTestId('sim-total').waitFor();
      assert.match(page.url(), /#\/simulator\?regime=fr-b2b&principal=1234\.56&currency=EUR&due=\d{4}-\d\d-\d\d&until=\d{4}-\d\d-\d\d$/);
      assert.equal((await page.getByTestId('sim-interest').textContent()).trim(), interest);
      assert.equal((await page.getByTestId('sim-compensation').textContent()).trim(), compensation);
      assert.equal((await page.getByTestId('sim-total').textContent()).trim(), total);
      assert.equal(await page.getByTestId('sim-error').count(), 0);
      await page.screenshot({ path: screenshotPath(`invoice-accrual-simulator-1440-${lang}`), fullPage: true });
      assertClean(problems, `the invoice's interest and the Simulator (${lang})`);
    } finally {
      await context.close();
    }
  });
}
