// Reminder letters, as a newcomer meets them, against the release build:
// - the demo loaded from the first-run screen, a dashboard action's "Prepare the letter" opens
//   the Letters page on that client, invoices and step; the link reopens the same letter;
// - a French business client and an invoice due 100 days ago typed through the forms: its
//   page's "Prepare the letter", switched to the formal notice, states the interest and the
//   40 € of the invoice's page and of the Simulator, to the cent; the letter carries the
//   registered-letter mention and the legal basis; "record it as sent" puts it in the client's
//   contact log;
// - a client named `<img src=x onerror=alert(1)>`: the preview and the downloaded HTML show the
//   name as text, and no script runs;
// - the .txt download, the print layout (emulated print media), axe-core, and screenshots at
//   1440 px and 360 px in French and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, launchBrowser, openPage, screenshotPath, assertClean, assertAccessible, downloaded,
} from './harness.mjs';

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
    letters: 'Courriers',
    prepare: 'Préparer la lettre',
    letterKind: 'Lettre',
    formalNotice: 'Mise en demeure',
    mention: 'Lettre recommandée avec accusé de réception',
    legal: /article 1344 du Code civil/,
    injunction: /injonction de payer/,
    record: "Noter l'envoi dans l'historique",
    recorded: "Envoi noté dans l'historique des échanges.",
    seeClient: 'Voir le client',
    logged: /Mise en demeure envoyée \(lettre recommandée avec accusé de réception\)/,
    downloadText: 'Télécharger (.txt)',
    downloadHtml: 'Télécharger (.html)',
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
    openSimulator: 'Ouvrir dans le simulateur',
    toneRule: /^Ton (ferme|conciliant)/,
  },
  en: {
    locale: 'en-GB',
    welcome: 'Welcome to Relance',
    loadDemo: 'Load demo data',
    letters: 'Letters',
    prepare: 'Prepare the letter',
    letterKind: 'Letter',
    formalNotice: 'Formal notice',
    mention: 'By registered post with acknowledgement of receipt',
    legal: /article 1344 of the French Civil Code/,
    injunction: /order for payment/,
    record: 'Record it as sent',
    recorded: 'Recorded in the contact log.',
    seeClient: 'See the client',
    logged: /Formal notice sent \(registered letter\)/,
    downloadText: 'Download (.txt)',
    downloadHtml: 'Download (.html)',
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
    openSimulator: 'Open in the Simulator',
    toneRule: /^(Firm|Collaborative) tone/,
  },
};

/** `YYYY-MM-DD` of `days` days before today (the app's clock is the browser's, UTC here). */
function daysAgo(days) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A client (France, business: the form's defaults) and its invoice issued `issued`. */
async function clientWithInvoice(page, words, name, number, issued) {
  await page.goto(server.baseUrl + '#/clients');
  await page.getByRole('heading', { level: 1, name: words.clients }).waitFor();
  await page.getByRole('link', { name: words.newClient }).first().click();
  await page.getByLabel(words.clientName).fill(name);
  await page.getByRole('button', { name: words.save, exact: true }).click();
  await page.getByText(words.created).waitFor();
  await page.getByRole('link', { name: words.newInvoice }).click();
  await page.getByRole('heading', { level: 1, name: words.newInvoiceTitle }).waitFor();
  await page.getByLabel(words.number).fill(number);
  await page.getByLabel(words.issue).fill(issued);
  await page.getByLabel(words.amount, { exact: true }).fill(words.amountTyped);
  await page.getByRole('button', { name: words.saveInvoice }).click();
  await page.getByText(words.saved).waitFor();
  await page.getByRole('link', { name: number }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(number) }).waitFor();
}

/** The preview's invoice row for `number`: its cells' texts. */
async function letterRow(page, number) {
  const row = page.getByTestId('letter-preview').locator('tbody tr', { hasText: number });
  await row.waitFor();
  return row.locator('td').allTextContents();
}

for (const lang of ['fr', 'en']) {
  const words = WORDS[lang];

  test(`a dashboard action opens its letter, and the link reopens it (${lang})`, async () => {
    const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: words.locale });
    try {
      await page.goto(server.baseUrl);
      await page.getByRole('heading', { level: 1, name: words.welcome }).waitFor();
      await page.getByRole('button', { name: words.loadDemo }).click();
      await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();
      const action = page.getByTestId('dash-action').first();
      await action.waitFor();
      const client = (await action.locator('strong').textContent()).trim();
      await action.getByRole('link', { name: words.prepare }).click();
      await page.waitForURL(/#\/letters\?client=\d+(&invoice=\d+)+&kind=[a-z-]+$/);
      await page.getByRole('heading', { level: 1, name: words.letters }).waitFor();
      const preview = page.getByTestId('letter-preview');
      await preview.getByText(client).first().waitFor();
      assert.match((await page.getByTestId('letter-tone-rule').textContent()).trim(), words.toneRule);
      await assertAccessible(page, `the Letters page (${lang})`);
      await page.screenshot({ path: screenshotPath(`letters-action-1440-${lang}`), fullPage: true });
      await page.setViewportSize({ width: 360, height: 800 });
      await page.screenshot({ path: screenshotPath(`letters-action-360-${lang}`), fullPage: true });
      await assertAccessible(page, `the Letters page at 360 px (${lang})`);
      await page.setViewportSize({ width: 1440, height: 900 });
      // Printed: the letter alone.
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: screenshotPath(`letters-action-print-${lang}`), fullPage: true });
      assert.equal(await page.getByRole('navigation').isVisible(), false, 'the menu does not print');
      assert.equal(await page.getByRole('button', { name: words.record }).isVisible(), false);
      await page.emulateMedia({ media: 'screen' });
      // The link is the letter: opened again, the same subject.
      const subject = (await preview.locator('.letter__subject').textContent()).trim();
      const url = page.url();
      await page.goto(server.baseUrl + '#/');
      await page.goto(url);
      await page.getByTestId('letter-preview').locator('.letter__subject').getByText(subject.split(' ').pop()).waitFor();
      assert.equal((await page.getByTestId('letter-preview').locator('.letter__subject').textContent()).trim(), subject);
      // The text download is the letter.
      const text = await downloaded(page, page.getByRole('button', { name: words.downloadText }));
      assert.match(text.name, /\.txt$/);
      assert.ok(text.text.includes(client), 'the client is named in the text');
      assertClean(problems, `the Letters page from the dashboard (${lang})`);
    } finally {
      await context.close();
    }
  });

  test(`a formal notice states the Simulator's figures and is recorded as sent (${lang})`, async () => {
    const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: words.locale });
    try {
      await clientWithInvoice(page, words, 'Menuiserie Lefèvre SAS', 'F-2026-300', daysAgo(130));
      const interest = (await page.getByTestId('inv-accrual-interest').textContent()).trim();
      const compensation = (await page.getByTestId('inv-accrual-compensation').textContent()).trim();
      // The Simulator on the same invoice: the same figures (its own page, its own engine run).
      const invoicePage = page.url();
      await page.getByRole('link', { name: words.openSimulator }).click();
      await page.getByTestId('sim-total').waitFor();
      assert.equal((await page.getByTestId('sim-interest').textContent()).trim(), interest);
      assert.equal((await page.getByTestId('sim-compensation').textContent()).trim(), compensation);
      await page.goto(invoicePage);
      await page.getByRole('link', { name: words.prepare }).click();
      await page.waitForURL(/#\/letters\?client=\d+&invoice=\d+&kind=/);
      await page.getByLabel(words.letterKind, { exact: true }).selectOption({ label: words.formalNotice });
      await page.waitForURL(/kind=formal-notice/);
      const preview = page.getByTestId('letter-preview');
      await preview.getByText(words.mention).waitFor();
      const cells = await letterRow(page, 'F-2026-300');
      assert.equal(cells.length, 7, cells.join(' | '));
      assert.equal(cells[5].trim(), interest, 'the letter\'s interest is the Simulator\'s');
      assert.equal(cells[6].trim(), compensation, 'the letter\'s compensation is the Simulator\'s');
      const body = await preview.textContent();
      assert.match(body, words.legal);
      assert.match(body, words.injunction);
      assert.ok(body.includes(interest), 'the interest paragraph states the same amount');
      await assertAccessible(page, `a formal notice (${lang})`);
      await page.screenshot({ path: screenshotPath(`letters-formal-notice-1440-${lang}`), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: screenshotPath(`letters-formal-notice-print-${lang}`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
      // Recorded as sent: the client's contact log has it.
      await page.getByRole('button', { name: words.record }).click();
      await page.getByTestId('letter-notice').getByText(words.recorded).waitFor();
      await page.getByTestId('letter-notice').getByRole('link', { name: words.seeClient }).click();
      await page.getByRole('heading', { level: 1, name: /Menuiserie Lefèvre SAS/ }).waitFor();
      await page.getByText(words.logged).first().waitFor();
      assertClean(problems, `a formal notice (${lang})`);
    } finally {
      await context.close();
    }
  });
}

test('a hostile client name prints as text in the preview and the downloaded HTML', async () => {
  const words = WORDS.fr;
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: words.locale });
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  try {
    const hostile = '<img src=x onerror=alert(1)>';
    await clientWithInvoice(page, words, hostile, 'F-2026-666', daysAgo(60));
    await page.getByRole('link', { name: words.prepare }).click();
    const preview = page.getByTestId('letter-preview');
    await preview.getByText(hostile).first().waitFor();
    assert.equal(await preview.locator('img').count(), 0, 'no image element in the preview');
    const html = await downloaded(page, page.getByRole('button', { name: words.downloadHtml }));
    assert.match(html.name, /\.html$/);
    assert.ok(html.text.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is escaped');
    assert.ok(!html.text.includes('<img'), 'no image element in the file');
    assert.ok(!/<script/i.test(html.text), 'no script in the file');
    assert.deepEqual(dialogs, [], 'no script ran');
    assertClean(problems, 'a hostile client name in a letter');
  } finally {
    await context.close();
  }
});

test('a UK client marked as a sole trader gets the Pre-Action Protocol letter before claim', async () => {
  const words = WORDS.en;
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: words.locale });
  try {
    await page.goto(server.baseUrl + '#/clients');
    await page.getByRole('heading', { level: 1, name: words.clients }).waitFor();
    await page.getByRole('link', { name: words.newClient }).first().click();
    await page.getByLabel(words.clientName).fill('Smith Plumbing');
    await page.getByLabel('Country', { exact: true }).fill('GB');
    await page.getByRole('button', { name: words.save, exact: true }).click();
    await page.getByText(words.created).waitFor();
    await page.getByRole('link', { name: words.newInvoice }).click();
    await page.getByLabel(words.number).fill('INV-900');
    await page.getByLabel(words.issue).fill(daysAgo(90));
    await page.getByLabel(words.amount, { exact: true }).fill('500.00');
    await page.getByRole('button', { name: words.saveInvoice }).click();
    await page.getByText(words.saved).waitFor();
    await page.getByRole('link', { name: 'INV-900' }).click();
    await page.getByRole('link', { name: words.prepare }).click();
    await page.getByLabel(words.letterKind, { exact: true }).selectOption({ label: words.formalNotice });
    const preview = page.getByTestId('letter-preview');
    await preview.getByText(words.mention).waitFor();
    assert.equal(await preview.getByText(/Pre-Action Protocol/).count(), 0, 'a company: no Protocol');
    await page.getByLabel('This client is an individual or a sole trader').check();
    await page.waitForURL(/individual=1/);
    await preview.getByText(/letter before claim under the Pre-Action Protocol for Debt Claims/).waitFor();
    assert.equal(await page.getByLabel('Days to pay').inputValue(), '30');
    await page.getByTestId('letter-enclosures').getByText(/Reply Form/).waitFor();
    await assertAccessible(page, 'a UK letter before claim');
    assertClean(problems, 'a UK letter before claim');
  } finally {
    await context.close();
  }
});
