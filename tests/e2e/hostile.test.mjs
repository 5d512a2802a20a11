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

// Hostile input at the edges (issue #22): a crafted Simulator link with 100,000 payments and
// 20,000 unknown parameters, and files far larger than a backup or a rates file can be. Each is
// refused with its reason where the user is, quickly, the tab still answering.
test('a crafted Simulator link and oversized files are refused with their reason, the tab answering (en, fr)', async () => {
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  for (const [locale, words] of [
    ['en-GB', { payments: /This link has 100,000 payments; the simulator takes 1,000 at most/, others: /19,990 other unknown parameters/, backup: /This file is over the 50\.0 MB a Relance backup can be: it was not read/, rates: /This file is over the 1\.0 MB a rates file can be/ }],
    ['fr-FR', { payments: /Ce lien contient 100\u202f000 paiements/, others: /19\u202f990 autres paramètres inconnus/, backup: /Ce fichier dépasse les 50,0\u00a0Mo que peut peser une sauvegarde de Relance/, rates: /Ce fichier dépasse les 1,0\u00a0Mo que peut peser un fichier de taux/ }],
  ]) {
    const { context, page, problems } = await openPage(browser, { origin: server.origin, locale, width: 360, height: 800 });
    try {
      const pays = Array.from({ length: 100_000 }, (_, index) => `pay=2024-03-${String(1 + (index % 28)).padStart(2, '0')}:1`);
      const unknown = Array.from({ length: 20_000 }, (_, index) => `x${index}=1`);
      const started = Date.now();
      await page.goto(server.baseUrl + `#/simulator?regime=fr-b2b&principal=1500&due=2024-01-31&${pays.join('&')}&${unknown.join('&')}`);
      await page.locator('[data-testid="page-simulator"]').waitFor();
      const notice = page.locator('[data-testid="sim-payments-notice"]');
      await notice.waitFor();
      assert.match(await notice.textContent(), words.payments);
      assert.equal(await page.locator('[data-testid="sim-payment-row"]').count(), 1000);
      assert.ok(await page.locator('[data-testid="sim-add-payment"]').isDisabled(), 'no 1,001st payment');
      await page.locator('[data-testid="sim-incomplete"]').waitFor();
      assert.equal(await page.locator('[data-testid="sim-interest"]').count(), 0, 'nothing computed');
      const problemsList = page.locator('[data-testid="sim-link-problems"] li');
      assert.equal(await problemsList.count(), 11, 'ten names, then how many others');
      assert.match(await problemsList.last().textContent(), words.others);
      assert.ok(Date.now() - started < 30_000, `the link took ${Date.now() - started} ms`);
      await notice.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`hostile-simulator-link-360-${locale.slice(0, 2)}`), fullPage: false });

      await page.goto(server.baseUrl + '#/settings');
      await page.locator('[data-testid="data-section"]').waitFor();
      const dir = mkdtempSync(join(tmpdir(), 'relance-hostile-'));
      const big = join(dir, 'film.json');
      writeFileSync(big, Buffer.alloc(50_000_001, 0x20));
      await page.locator('[data-testid="restore-file"]').setInputFiles(big);
      const refused = page.locator('[data-testid="restore-error"]');
      await refused.waitFor();
      rmSync(dir, { recursive: true, force: true });
      assert.match(await refused.textContent(), words.backup);
      await page.locator('[data-testid="rate-import-file"]').setInputFiles({
        name: 'rates.csv', mimeType: 'text/csv', buffer: Buffer.alloc(1_000_001, 0x61),
      });
      await page.getByText(words.rates).waitFor();
      await page.getByText(words.rates).scrollIntoViewIfNeeded();
      assert.equal(await page.locator('[data-testid="rate-import-text"]').inputValue(), '', 'nothing read into the text');
      await page.screenshot({ path: screenshotPath(`hostile-rates-file-360-${locale.slice(0, 2)}`), fullPage: false });
      await refused.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`hostile-backup-file-360-${locale.slice(0, 2)}`), fullPage: false });
      await page.getByRole('navigation').first().waitFor();
      assertClean(problems);
    } finally {
      await context.close();
    }
  }
});
