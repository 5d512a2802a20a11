// Hostile input in the invoices and clients forms (issue #18, Quality): a 10,000-character
// name, markup, a spreadsheet formula, emoji, right-to-left text, an amount of 10^30 and a
// date in year 9999. Each gives a clear message beside its field, or is stored and shown back
// as text: never a panic (a white page), never markup.
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

const MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const NAME = `Café 🎉 مرحبا ${MARKUP}`;
const FORMULA = '=HYPERLINK("http://example.invalid","click")';

/** No script ran, no element came from user text, and the app still answers. */
async function assertInert(page) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'user text ran as script');
  assert.equal(await page.locator('main img').count(), 0, 'user text became an element');
  await page.getByRole('navigation').first().waitFor();
}

test('hostile text in the client and invoice forms: refused with a reason, or stored as text (en)', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  page.on('dialog', (dialog) => {
    problems.pageErrors.push(`a dialog opened: ${dialog.message()}`);
    dialog.dismiss();
  });
  try {
    await page.goto(server.baseUrl + '#/clients/new');
    await page.getByRole('heading', { level: 1, name: 'New client' }).waitFor();
    const name = page.getByLabel('Client name');
    // 10,000 characters: refused beside the field, nothing saved, the text kept.
    await name.fill('x'.repeat(10_000));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The client was not saved').waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#clients-error-name, [id$="error-name"]').first().textContent(), /longer than 200 characters/);
    assert.equal((await name.inputValue()).length, 10_000, 'what was typed is kept');
    await page.screenshot({ path: screenshotPath('hostile-client-long-name-360-en'), fullPage: false });

    // Markup, emoji and right-to-left text: stored and shown exactly, as text.
    await name.fill(NAME);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Client created.').waitFor();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await assertInert(page);

    await page.getByRole('link', { name: 'New invoice for this client' }).click();
    await page.getByRole('heading', { level: 1, name: 'New invoice' }).waitFor();
    const amount = page.getByLabel('Amount', { exact: true });
    const issue = page.getByLabel('Issue date');
    await page.getByLabel('Invoice number').fill(FORMULA);
    await issue.fill(new Date().toISOString().slice(0, 10));
    // 10^30: refused with a reason beside the amount.
    await amount.fill('1' + '0'.repeat(30));
    await page.getByRole('button', { name: 'Save the invoice' }).click();
    assert.equal(await amount.getAttribute('aria-invalid'), 'true');
    const amountError = await page.locator(`#${await amount.getAttribute('id')}`.replace('input', 'error')).textContent();
    assert.match(amountError, /Amount/);
    assert.equal(await amount.inputValue(), '1' + '0'.repeat(30), 'what was typed is kept');
    // Year 9999: a clear message or a stored date, never a frozen page.
    await amount.fill('99.90');
    await issue.fill('9999-12-31');
    await page.getByRole('button', { name: 'Save the invoice' }).click();
    const refused = await issue.getAttribute('aria-invalid');
    const dueError = await page.locator('.field--invalid').count();
    if (refused === 'true' || dueError > 0) {
      // The reason is on screen, in words.
      const errors = await page.locator('.field__error').allTextContents();
      assert.ok(errors.some((text) => text.trim().length > 10), `a reason is shown: ${errors}`);
      await issue.fill(new Date().toISOString().slice(0, 10));
      await page.getByRole('button', { name: 'Save the invoice' }).click();
    }
    await page.getByText('Invoice saved').waitFor();
    await assertInert(page);
    // The formula is shown as typed, as text.
    const row = page.locator('[data-testid="inv-row"]', { hasText: 'HYPERLINK' });
    await row.waitFor();
    assert.ok((await row.textContent()).includes(FORMULA));
    assert.ok((await row.textContent()).includes(NAME), 'the client name is shown as text');
    await page.screenshot({ path: screenshotPath('hostile-invoices-list-1440-en'), fullPage: true });
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /HYPERLINK/ }).waitFor();
    await assertInert(page);
    // A contact entry full of markup, on the invoice's page.
    const log = page.getByRole('region', { name: 'Contact log' });
    await log.getByRole('button', { name: 'Add an entry' }).click();
    await log.getByLabel('Summary').fill(`${MARKUP} 🙂 שלום`);
    await log.getByRole('button', { name: 'Save the entry' }).click();
    await log.getByRole('row', { name: /שלום/ }).waitFor();
    await assertInert(page);
    await assertAccessible(page, 'an invoice page full of hostile text (en)');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /HYPERLINK/ }).waitFor();
    await assertInert(page);
    assertClean(problems, 'hostile input');
  } finally {
    await context.close();
  }
});
