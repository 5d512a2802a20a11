// The dashboard follows the user's dunning ladder (issue #19): with the demo loaded, the steps
// removed in Settings leave today's actions; the default ladder restored brings them back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, assertClean } from './harness.mjs';

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

/** Today's actions on the dashboard, as `client|step`. */
async function actionsToday(page) {
  await page.goto(server.baseUrl + '#/');
  await page.getByTestId('dashboard').waitFor();
  return page.getByTestId('dash-action').evaluateAll((lines) =>
    lines.map((line) => `${line.querySelector('strong')?.textContent.trim()}|${line.getAttribute('data-step')}`));
}

test("today's actions follow the ladder set in Settings (en)", async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl);
    await page.getByRole('button', { name: 'Load demo data' }).click();
    await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();
    const before = await actionsToday(page);
    // At 360 px the dashboard, its demo banner included, fits the screen.
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the dashboard overflows by ${overflow}px at 360px`);
    await page.setViewportSize({ width: 1440, height: 900 });
    assert.ok(before.some((action) => !action.endsWith('|courtesy')), `reminders are due: ${before}`);

    // Only the courtesy reminder left on the ladder.
    await page.goto(server.baseUrl + '#/settings');
    for (const step of ['final notice', 'formal notice', 'second reminder', 'first reminder']) {
      await page.getByRole('button', { name: `Remove: ${step}` }).click();
    }
    await page.getByRole('button', { name: 'Save the ladder and buckets' }).click();
    await page.locator('[data-testid="ladder-outcome"][data-outcome="saved"]').waitFor();
    const courtesyOnly = await actionsToday(page);
    assert.ok(courtesyOnly.every((action) => action.endsWith('|courtesy')), `only courtesy steps: ${courtesyOnly}`);
    assert.notDeepEqual(courtesyOnly, before);

    // The default ladder again: the same actions as before.
    await page.goto(server.baseUrl + '#/settings');
    await page.getByRole('button', { name: 'Restore the default ladder' }).click();
    await page.getByRole('button', { name: 'Save the ladder and buckets' }).click();
    await page.locator('[data-testid="ladder-outcome"][data-outcome="saved"]').waitFor();
    assert.deepEqual(await actionsToday(page), before);
    assertClean(problems, 'ladder and dashboard');
  } finally {
    await context.close();
  }
});
