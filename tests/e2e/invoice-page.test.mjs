// One invoice's page in English, as a newcomer uses it by its visible labels: a client and an
// invoice typed from nothing, a partial payment, a credit note (removed, then restored), an
// entry added to the contact log, and the invoice written off after a confirmation.
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

const openBalance = (page, text) =>
  page.waitForFunction((expected) => document.querySelector('[data-testid="inv-open"]')?.textContent.includes(expected), text);

test('an invoice typed in English: payment, credit note with undo, contact log entry, write-off (en)', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/clients');
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.getByRole('link', { name: 'New client' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New client' }).waitFor();
    await page.getByLabel('Client name').fill('Northwind Ltd');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Client created.').waitFor();

    await page.getByRole('link', { name: 'New invoice for this client' }).click();
    await page.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();
    await page.getByLabel('Invoice number').fill('INV-0007');
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Issue date').fill(today);
    await page.getByLabel('Amount', { exact: true }).fill('2,400.00');
    await page.getByRole('button', { name: 'Save the invoice' }).click();
    await page.getByText('Invoice saved').waitFor();
    await page.getByRole('link', { name: 'INV-0007' }).click();
    await page.getByRole('heading', { level: 1, name: /INV-0007/ }).waitFor();
    await openBalance(page, '€2,400.00');

    // A partial payment, written the English way.
    await page.getByLabel('Amount paid').fill('400');
    await page.getByRole('button', { name: 'Save the payment' }).click();
    await openBalance(page, '€2,000.00');
    assert.match(await page.locator('[data-testid="inv-status"]').textContent(), /Partially paid/);

    // A credit note: a wrong amount is named beside its field and nothing is recorded.
    await page.getByRole('button', { name: 'Record a credit note' }).click();
    await page.getByLabel('Credit note amount').fill('12,3,4');
    await page.getByRole('button', { name: 'Save the credit note' }).click();
    assert.equal(await page.getByLabel('Credit note amount').getAttribute('aria-invalid'), 'true');
    await page.getByText('Nothing was saved').waitFor();
    await openBalance(page, '€2,000.00');
    await page.getByLabel('Credit note amount').fill('150.50');
    await page.getByLabel('Reason for the credit note').fill('Two hours not worked');
    await page.getByRole('button', { name: 'Save the credit note' }).click();
    await page.getByText('Credit note recorded: €150.50.').waitFor();
    await openBalance(page, '€1,849.50');
    assert.match(await page.locator('[data-testid="inv-credited"]').textContent(), /€150\.50/);
    // Removed, then restored.
    const creditRow = page.getByRole('row', { name: /Two hours not worked/ });
    await creditRow.getByRole('button', { name: 'Remove' }).click();
    await openBalance(page, '€2,000.00');
    await page.getByRole('button', { name: 'Restore the credit note' }).click();
    await openBalance(page, '€1,849.50');
    // The payment form's amount, not typed yet, follows the open balance.
    assert.equal(await page.getByLabel('Amount paid').inputValue(), '1,849.50');

    // The contact log: an entry added by its labels, then listed.
    const log = page.getByRole('region', { name: 'Contact log' });
    await log.getByText('No exchange noted yet.').waitFor();
    await log.getByRole('button', { name: 'Add an entry' }).click();
    await log.getByRole('button', { name: 'Save the entry' }).click();
    assert.equal(await log.getByLabel('Summary').getAttribute('aria-invalid'), 'true');
    await log.getByLabel('Channel').selectOption({ label: 'Phone' });
    await log.getByLabel('Reminder step').selectOption({ label: 'First reminder' });
    await log.getByLabel('Summary').fill('Called the accounts team: payment promised <Friday>');
    await log.getByRole('button', { name: 'Save the entry' }).click();
    await log.getByText('Entry added to the contact log.').waitFor();
    const entry = log.getByRole('row', { name: /payment promised <Friday>/ });
    await entry.waitFor();
    assert.match(await entry.textContent(), /phone/);
    assert.match(await entry.textContent(), /first reminder/);
    await page.screenshot({ path: screenshotPath('invoice-page-credit-log-1440-en'), fullPage: true });
    await assertAccessible(page, 'the invoice page with a credit note and a contact entry (en)');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('invoice-page-credit-log-360-en'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Stored: a reload shows the credit note and the entry again.
    await page.reload();
    await openBalance(page, '€1,849.50');
    await page.getByRole('row', { name: /payment promised <Friday>/ }).waitFor();

    // Written off, after a confirmation; then back to sent.
    await page.getByRole('button', { name: 'Write off…' }).click();
    await page.getByRole('button', { name: 'Write off', exact: true }).click();
    await page.waitForFunction(() => /Written off/.test(document.querySelector('[data-testid="inv-status"]')?.textContent ?? ''));
    await page.getByRole('button', { name: /Back to|Set back/ }).click();
    await page.waitForFunction(() => !/Written off/.test(document.querySelector('[data-testid="inv-status"]')?.textContent ?? ''));
    assertClean(problems, 'invoice page (en)');
  } finally {
    await context.close();
  }
});

test('a draft duplicated, deleted after a confirmation, then brought back by Undo (en)', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/clients/new');
    await page.getByRole('heading', { level: 1, name: 'New client' }).waitFor();
    await page.getByLabel('Client name').fill('Draft & Co');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Client created.').waitFor();
    await page.getByRole('link', { name: 'New invoice for this client' }).click();
    await page.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();
    await page.getByLabel('Invoice number').fill('DR-001');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Draft' });
    await page.getByLabel('Amount', { exact: true }).fill('500');
    await page.getByRole('button', { name: 'Save the invoice' }).click();
    await page.getByText('Invoice saved').waitFor();
    await page.getByRole('link', { name: 'DR-001' }).click();
    await page.getByRole('heading', { level: 1, name: /DR-001/ }).waitFor();
    // Duplicate: the form opens with the next number proposed and the same amount.
    await page.getByRole('link', { name: 'Duplicate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Duplicate an invoice' }).waitFor();
    assert.equal(await page.getByLabel('Invoice number').inputValue(), 'DR-002');
    assert.equal(await page.getByLabel('Amount', { exact: true }).inputValue(), '500.00');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: /DR-001/ }).waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Delete this draft…' }).click();
    await page.getByText('This draft will be deleted.').waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Draft deleted:').waitFor();
    assert.equal(await page.locator('[data-testid="inv-row"]', { hasText: 'DR-001' }).count(), 0);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByText('Draft restored:').waitFor();
    await page.locator('[data-testid="inv-row"]', { hasText: 'DR-001' }).waitFor();
    assertClean(problems, 'draft deleted and restored');
  } finally {
    await context.close();
  }
});
