// Invoices and clients, as a newcomer uses them: by their visible labels and roles, in French
// and English, against the release build. A client and an invoice typed from nothing; the
// invoices list filtered (the filter is a link, Back returns), searched and sorted over stored
// books; a client's page with its invoices and the reason for its risk grade.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, openWithStorage, ledgerFixture, screenshotPath, assertClean, assertAccessible } from './harness.mjs';

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

test('a newcomer types a client, then an invoice for it, and finds it in the list (fr)', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl + '#/clients');
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.getByRole('link', { name: 'Nouveau client' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nouveau client' }).waitFor();
    // Saving an empty form: nothing saved, the reason beside the field.
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText("Le client n'a pas été enregistré").waitFor();
    assert.equal(await page.getByLabel('Nom du client').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Nom du client').fill('Atelier Durand & fils <SARL>');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Client créé.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Atelier Durand & fils <SARL>' }).waitFor();
    assert.match(page.url(), /#\/clients\/\d+$/);
    await page.screenshot({ path: screenshotPath('client-created-1440-fr'), fullPage: true });

    await page.getByRole('link', { name: 'Nouvelle facture pour ce client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle facture' }).waitFor();
    const number = page.getByLabel('Numéro de facture');
    assert.ok((await number.inputValue()).length > 0, 'a number is proposed');
    await number.fill('F-2026-001');
    // Issued today (net 30 days: not due yet, whatever day the test runs).
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel("Date d'émission").fill(today);
    await page.getByLabel('Montant', { exact: true }).fill('1 234,56');
    await page.screenshot({ path: screenshotPath('invoice-form-1440-fr'), fullPage: true });
    await assertAccessible(page, 'the invoice form (fr)');
    await page.getByRole('button', { name: 'Enregistrer la facture' }).click();
    await page.getByText('Facture enregistrée').waitFor();
    const row = page.locator('[data-testid="inv-row"]', { hasText: 'F-2026-001' });
    await row.waitFor();
    assert.match(await row.textContent(), /1\u202f234,56\u00a0€/);
    assert.match(await row.textContent(), /Atelier Durand & fils <SARL>/);
    await page.screenshot({ path: screenshotPath('invoices-list-one-1440-fr'), fullPage: true });
    // Stored: a reload shows it again.
    await page.reload();
    await page.locator('[data-testid="inv-row"]', { hasText: 'F-2026-001' }).waitFor();
    // Its page: a partial payment moves the open balance and the status.
    await page.getByRole('link', { name: 'F-2026-001' }).click();
    await page.getByRole('heading', { level: 1, name: /F-2026-001/ }).waitFor();
    await page.getByLabel('Montant payé').fill('234,56');
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.locator('[data-testid="inv-pay-row"]').first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="inv-open"]')?.textContent.includes('1\u202f000,00'));
    assert.match(await page.locator('[data-testid="inv-status"]').textContent(), /Payée en partie/);
    await page.screenshot({ path: screenshotPath('invoice-page-paid-in-part-1440-fr'), fullPage: true });
    await assertAccessible(page, 'the invoice page with a payment (fr)');
    // Disputed, with its reason; then back to sent.
    await page.getByRole('button', { name: 'Marquer comme contestée…' }).click();
    await page.getByLabel('Motif de la contestation (facultatif)').fill('Livraison incomplète');
    await page.getByRole('button', { name: 'Marquer comme contestée', exact: true }).click();
    await page.waitForFunction(() => /Contestée/.test(document.querySelector('[data-testid="inv-status"]')?.textContent ?? ''));
    await page.getByRole('button', { name: 'Remettre en « envoyée »' }).click();
    await page.waitForFunction(() => !/Contestée/.test(document.querySelector('[data-testid="inv-status"]')?.textContent ?? ''));
    // Removing the payment, then undoing it: the balance comes back each time.
    await page.locator('[data-testid="inv-pay-remove"]').first().click();
    await page.waitForFunction(() => document.querySelector('[data-testid="inv-open"]')?.textContent.includes('1\u202f234,56'));
    await page.locator('[data-testid="inv-undo-payment"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="inv-open"]')?.textContent.includes('1\u202f000,00'));
    assertClean(problems, 'client and invoice created');
  } finally {
    await context.close();
  }
});

test('the invoices list over stored books: filter in the URL, Back returns, search and sort (en)', async () => {
  const { context, page, problems } = await openWithStorage(browser, server, ledgerFixture(), { locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/invoices');
    await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    const rows = page.locator('[data-testid="inv-row"]');
    await rows.first().waitFor();
    const all = await rows.count();
    assert.ok(all >= 3, `rows: ${all}`);
    await page.screenshot({ path: screenshotPath('invoices-list-1440-en'), fullPage: true });
    // A filter is a link: the URL says it, Back returns to the whole list.
    const status = page.getByLabel('Status', { exact: true });
    const statuses = await status.locator('option').evaluateAll((options) => options.map((option) => option.value).filter(Boolean));
    const chosen = statuses.find((value) => value === 'overdue') ?? statuses[0];
    await status.selectOption(chosen);
    await page.waitForFunction((code) => location.hash.includes(`status=${code}`), chosen);
    const filtered = await rows.count();
    assert.ok(filtered < all, `filtered ${filtered} of ${all}`);
    for (const code of await rows.evaluateAll((items) => items.map((item) => item.dataset.status))) {
      assert.equal(code, chosen);
    }
    await page.goBack();
    await page.waitForFunction(() => !location.hash.includes('status='));
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="inv-row"]').length === count, all);
    // Search by number.
    await page.getByLabel('Search', { exact: true }).fill('f-2025-00125');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inv-row"]').length === 1);
    assert.match(await rows.first().textContent(), /F-2025-00125/);
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="inv-row"]').length === count, all);
    // Sort by amount: a header button says how the column is sorted.
    const amountHeader = page.locator('th', { has: page.locator('[data-testid^="inv-sort-amount"]') });
    await page.locator('[data-testid^="inv-sort-amount"]').click();
    assert.match(await amountHeader.getAttribute('aria-sort'), /ascending|descending/);
    assertClean(problems, 'invoices list');
  } finally {
    await context.close();
  }
});

test("a client's page shows its invoices, its statistics and why it has its grade (fr)", async () => {
  const { context, page, problems } = await openWithStorage(browser, server, ledgerFixture(), { locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl + '#/clients');
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.screenshot({ path: screenshotPath('clients-list-1440-fr'), fullPage: true });
    await page.getByRole('link', { name: 'Société Générale de Négoce' }).click();
    await page.getByRole('heading', { level: 1, name: 'Société Générale de Négoce' }).waitFor();
    assert.ok(await page.locator('a[href*="#/invoices/"]').count() > 0, 'its invoices link to their pages');
    // An invoice 555 days late: the page says to stop new work, with the amount and the invoice.
    await page.getByText('Nouveaux travaux déconseillés').first().waitFor();
    // The contact log: the fixture's entries, newest first, and one added by its labels.
    const log = page.getByRole('region', { name: 'Journal des échanges' });
    await log.getByRole('row', { name: /Mise en demeure \(LRAR/ }).waitFor();
    await log.getByRole('button', { name: 'Ajouter une entrée' }).click();
    await log.getByLabel('Canal').selectOption({ label: 'Téléphone' });
    await log.getByLabel('Résumé').fill('Appel : le comptable promet un virement vendredi');
    await log.getByRole('button', { name: "Enregistrer l'entrée" }).click();
    await log.getByText('Entrée ajoutée au journal des échanges.').waitFor();
    const rows = await log.getByRole('row').allTextContents();
    assert.match(rows[1], /promet un virement vendredi/, 'the newest entry comes first');
    await assertAccessible(page, 'the client page with its contact log (fr)');
    await page.screenshot({ path: screenshotPath('client-page-1440-fr'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('client-page-360-fr'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the client page overflows by ${overflow}px at 360px`);
    // The new-invoice form for that client says it too, and still lets the user save.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('link', { name: 'Nouvelle facture pour ce client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle facture' }).waitFor();
    const warning = page.locator('[data-testid="inv-stop-work"]');
    await warning.waitFor();
    assert.match(await warning.textContent(), /Nouveaux travaux déconseillés\u00a0: ce client a 600,00\u00a0€ en retard, dont la facture «\u00a0F-2025-00122\u00a0»/);
    assert.equal(await page.getByRole('button', { name: 'Enregistrer la facture' }).isEnabled(), true);
    assertClean(problems, 'client page');
  } finally {
    await context.close();
  }
});
