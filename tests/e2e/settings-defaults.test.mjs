// Settings → defaults and dunning ladder (issue #19), end to end, driven by the visible labels:
// the default terms, currency and stop-work threshold changed in Settings reach a new invoice
// and the client page; a ladder with two steps on the same day is refused beside the step and
// never saved; steps move up and down from the keyboard and the default comes back; the aging
// bounds reach the invoices list; a backup carries the settings and restores them exactly in
// another browser (French there). axe-core is clean on Settings in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, launchBrowser, screenshotPath, assertClean, ledgerFixture, openWithStorage, downloaded,
  assertAccessible,
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

const storedSettings = (page) => page.evaluate(() => localStorage.getItem('relance.settings'));

async function goTo(page, hash, ready) {
  await page.goto(server.baseUrl + hash);
  await page.locator(ready).first().waitFor();
}

const kinds = (page) =>
  page.locator('[data-testid="ladder-step"]').evaluateAll((rows) => rows.map((row) => row.dataset.kind));

test('defaults, threshold, ladder and buckets set in Settings are used, refused when invalid, and travel in a backup', async () => {
  // The fixture's invoices are all from 2025: long overdue whatever day the test runs.
  const { context, page, problems } = await openWithStorage(browser, server, ledgerFixture(), { locale: 'en-GB' });
  try {
    // Before: the default threshold (30 days) warns on client 3's page.
    await goTo(page, '#/clients/3', 'h1');
    await page.locator('[data-testid="clients-stop-work"]').waitFor();

    await goTo(page, '#/settings', '[data-testid="settings-defaults"]');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: screenshotPath('settings-defaults-1440-en'), fullPage: true });
    await assertAccessible(page, 'Settings (en)');

    // Defaults, by their labels.
    await page.getByLabel('Currency of new invoices').selectOption('GBP');
    await page.getByLabel('Payment terms', { exact: true }).selectOption('days-end-of-month');
    await page.getByLabel('Period (days)').fill('45');
    const threshold = page.getByLabel('Stop-work threshold (days late)');
    await threshold.fill('-3');
    await threshold.blur();
    await page.getByRole('button', { name: 'Save the defaults' }).click();
    await page.locator('[data-testid="defaults-outcome"][data-outcome="invalid"]').waitFor();
    assert.equal(await threshold.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#defaults-error-stop-work').textContent(), /not a whole number of days from 0 to 3650/);
    assert.equal(await storedSettings(page), null, 'nothing invalid is saved');
    await threshold.fill('3650');
    await page.getByRole('button', { name: 'Save the defaults' }).click();
    await page.locator('[data-testid="defaults-outcome"][data-outcome="saved"]').waitFor();
    const saved = JSON.parse(await storedSettings(page));
    assert.equal(saved.format, 'relance-settings');
    assert.equal(saved.version, 2);
    assert.equal(saved.currency, 'GBP');
    assert.equal(saved.terms, 'days-end-of-month 45');
    assert.equal(saved.stop_work_days, 3650);

    // A new invoice takes them; the client page follows the threshold.
    await goTo(page, '#/invoices/new', '#inv-input-number');
    assert.equal(await page.getByLabel('Currency', { exact: true }).inputValue(), 'GBP');
    assert.equal(await page.getByLabel('Payment terms', { exact: true }).inputValue(), 'days-end-of-month');
    assert.equal(await page.getByLabel('Payment period (days)').inputValue(), '45');
    await page.getByLabel('Client', { exact: true }).selectOption('3');
    await page.getByLabel('Amount', { exact: true }).fill('250');
    await page.getByLabel('Invoice number').fill('F-2026-900');
    assert.equal(await page.locator('[data-testid="inv-stop-work"]').count(), 0, 'below the threshold: no warning');
    await page.getByRole('button', { name: 'Save the invoice' }).click();
    const row = page.locator('[data-testid="inv-row"]', { hasText: 'F-2026-900' });
    await row.waitFor();
    assert.match(await row.textContent(), /£250\.00/);
    await goTo(page, '#/clients/3', 'h1');
    await page.locator('[data-testid="clients-page"], h1').first().waitFor();
    assert.equal(await page.locator('[data-testid="clients-stop-work"]').count(), 0);

    // The ladder: remove the final notice, add a step back, put it on the formal notice's day.
    await goTo(page, '#/settings', '[data-testid="settings-ladder"]');
    const before = await storedSettings(page);
    await page.getByRole('button', { name: 'Remove: final notice' }).click();
    assert.equal(await page.locator('[data-testid="ladder-step"]').count(), 4);
    await page.getByRole('button', { name: 'Add a step' }).click();
    const fifth = page.getByRole('group', { name: 'Step no. 5' });
    assert.equal(await fifth.getByLabel('Step', { exact: true }).inputValue(), 'final-notice');
    assert.equal(await fifth.getByLabel('Days after the due date').inputValue(), '45');
    await fifth.getByLabel('Days after the due date').fill('30');
    await fifth.getByLabel('Days after the due date').blur();
    const sameDay = fifth.locator('[data-testid="ladder-days-error"]');
    await sameDay.waitFor();
    assert.match(await sameDay.textContent(), /Two steps fall on the same day \(30 days\)/);
    assert.equal(await fifth.getByLabel('Days after the due date').getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: 'Save the ladder and buckets' }).click();
    await page.locator('[data-testid="ladder-outcome"][data-outcome="invalid"]').waitFor();
    assert.equal(await storedSettings(page), before, 'an invalid ladder is never saved');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('settings-ladder-refused-360-en'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Restore the default, then move the formal notice up, from the keyboard.
    await page.getByRole('button', { name: 'Restore the default ladder' }).click();
    assert.deepEqual(await kinds(page), ['courtesy', 'first-reminder', 'second-reminder', 'formal-notice', 'final-notice']);
    assert.equal(await page.locator('[data-testid="ladder-days-error"]').count(), 0);
    await page.getByRole('button', { name: 'Move up: formal notice' }).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await kinds(page), ['courtesy', 'first-reminder', 'formal-notice', 'second-reminder', 'final-notice']);
    const third = page.getByRole('group', { name: 'Step no. 3' });
    assert.equal(await third.getByLabel('Days after the due date').inputValue(), '15', 'the days stay in order');
    await page.getByRole('button', { name: 'Move down: first reminder' }).focus();
    await page.keyboard.press('Space');
    assert.deepEqual(await kinds(page), ['courtesy', 'formal-notice', 'first-reminder', 'second-reminder', 'final-notice']);
    await page.getByRole('button', { name: 'Move up: formal notice' }).click();
    await page.getByRole('button', { name: 'Move down: courtesy reminder' }).click();
    await page.getByRole('button', { name: 'Restore the default ladder' }).click();
    await page.getByRole('button', { name: 'Move up: formal notice' }).click();
    // Negative bounds are refused beside the field; good ones are saved.
    const bounds = page.getByLabel('Aging bucket bounds (days)');
    await bounds.fill('-15, 45');
    await bounds.blur();
    await page.getByRole('button', { name: 'Save the ladder and buckets' }).click();
    assert.match(await page.locator('#ladder-error-bounds').textContent(), /at least 1 day/);
    assert.equal(await storedSettings(page), before);
    await bounds.fill('15, 45');
    await page.getByRole('button', { name: 'Save the ladder and buckets' }).click();
    await page.locator('[data-testid="ladder-outcome"][data-outcome="saved"]').waitFor();
    const ladder = JSON.parse(await storedSettings(page));
    assert.deepEqual(ladder.ladder.map((step) => [step.step, step.days]), [
      ['courtesy', -5], ['first-reminder', 1], ['formal-notice', 15], ['second-reminder', 30], ['final-notice', 45],
    ]);
    assert.deepEqual(ladder.aging, [15, 45]);
    assert.equal(ladder.stop_work_days, 3650, 'the defaults stay as saved');
    await page.screenshot({ path: screenshotPath('settings-ladder-1440-en'), fullPage: true });

    // The invoices list uses the buckets.
    await goTo(page, '#/invoices', '[data-testid="inv-row"]');
    const bucketChoices = await page.getByLabel('Lateness', { exact: true }).locator('option').allTextContents();
    assert.ok(bucketChoices.some((label) => /16.45/.test(label)), bucketChoices.join(' | '));
    assert.ok(bucketChoices.some((label) => /45/.test(label) && /over/i.test(label)), bucketChoices.join(' | '));

    // A backup carries the settings; another browser (French) restores them exactly.
    await goTo(page, '#/settings', '[data-testid="data-section"]');
    const backup = await downloaded(page, page.locator('[data-testid="backup-download"]'));
    const file = JSON.parse(backup.text);
    assert.equal(file.version, 3);
    assert.equal(file.settings.record, await storedSettings(page));
    const fresh = await openWithStorage(browser, server, {}, { locale: 'fr-FR' });
    try {
      await goTo(fresh.page, '#/settings', '[data-testid="data-section"]');
      await fresh.page.locator('[data-testid="restore-file"]').setInputFiles({
        name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(backup.text, 'utf8'),
      });
      await fresh.page.locator('[data-testid="restore-replace"]').click();
      await fresh.page.locator('[data-testid="restore-replace-confirm"]').click();
      await fresh.page.locator('[data-testid="restore-done"]').waitFor();
      assert.equal(await storedSettings(fresh.page), file.settings.record, 'restored exactly');
      // The backup's language (English) came back too: read the French page after switching.
      await fresh.page.reload();
      await fresh.page.locator('[data-testid="settings-defaults"]').waitFor();
      assert.equal(await fresh.page.getByLabel('Stop-work threshold (days late)').inputValue(), '3650');
      await fresh.page.evaluate(() => localStorage.setItem('relance.lang', 'fr'));
      await fresh.page.reload();
      await fresh.page.locator('[data-testid="settings-defaults"]').waitFor();
      assert.equal(await fresh.page.getByLabel("Seuil d'arrêt des travaux (jours de retard)").inputValue(), '3650');
      assert.equal(await fresh.page.getByLabel('Devise des nouvelles factures').inputValue(), 'GBP');
      assert.equal(await fresh.page.getByLabel('Délai (jours)').inputValue(), '45');
      const formal = fresh.page.getByRole('group', { name: 'Étape n° 3' });
      assert.equal(await formal.getByLabel('Étape', { exact: true }).inputValue(), 'formal-notice');
      assert.equal(await fresh.page.getByLabel("Bornes des tranches d'antériorité (jours)").inputValue(), '15, 45');
      await assertAccessible(fresh.page, 'Settings (fr)');
      await fresh.page.setViewportSize({ width: 1440, height: 900 });
      await fresh.page.screenshot({ path: screenshotPath('settings-defaults-1440-fr'), fullPage: true });
      await fresh.page.setViewportSize({ width: 360, height: 800 });
      await fresh.page.screenshot({ path: screenshotPath('settings-defaults-360-fr'), fullPage: true });
      // The same refusal, in French.
      const third = fresh.page.getByRole('group', { name: 'Étape n° 4' });
      await third.getByLabel('Jours après l\'échéance').fill('15');
      await third.getByLabel('Jours après l\'échéance').blur();
      assert.match(await third.locator('[data-testid="ladder-days-error"]').textContent(), /Deux étapes tombent le même jour \(15\u00a0jours\)|Deux étapes tombent le même jour \(15 jours\)/);
      await assertAccessible(fresh.page, 'Settings with a refused ladder (fr)');
      await fresh.page.screenshot({ path: screenshotPath('settings-ladder-refused-360-fr'), fullPage: true });
      assertClean(fresh.problems, 'the restoring tab', { failedRequests: true });
    } finally {
      await fresh.context.close();
    }
    await page.setViewportSize({ width: 360, height: 800 });
    await goTo(page, '#/settings', '[data-testid="settings-defaults"]');
    await page.screenshot({ path: screenshotPath('settings-defaults-360-en'), fullPage: true });
    assertClean(problems, 'the settings tab', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('an unreadable settings record is kept, said, and set aside only when the user confirms', async () => {
  const { context, page, problems } = await openWithStorage(browser, server, { 'relance.settings': '{"format":"relance-settings","version":7}' }, { locale: 'en-GB' });
  try {
    await goTo(page, '#/settings', '[data-testid="settings-load-error"]');
    assert.match(await page.locator('[data-testid="settings-load-error"]').textContent(), /newer version of Relance/);
    // The defaults are used meanwhile; a save is refused and the stored text stays.
    await page.getByLabel('Stop-work threshold (days late)').fill('12');
    await page.getByRole('button', { name: 'Save the defaults' }).click();
    await page.locator('[data-testid="settings-save-error"]').waitFor();
    assert.equal(await storedSettings(page), '{"format":"relance-settings","version":7}');
    await page.locator('[data-testid="settings-start-afresh"]').click();
    await page.locator('[data-testid="settings-start-afresh-confirm"]').click();
    await page.locator('[data-testid="settings-reset-done"]').waitFor();
    assert.equal(
      await page.evaluate(() => localStorage.getItem('relance.settings.quarantine.1')),
      '{"format":"relance-settings","version":7}',
    );
    assert.equal(JSON.parse(await storedSettings(page)).stop_work_days, 12);
    assertClean(problems, 'the settings tab');
  } finally {
    await context.close();
  }
});
