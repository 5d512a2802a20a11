// Never a white screen (issue #22, "a panic anywhere"): the release build aborts on a panic, and
// the wasm then traps with a WebAssembly.RuntimeError that escapes to the page. The error screen
// (scripts/rescue.js, in the loader: no wasm, no chunk) says so over the page in its language,
// says saved data is safe, says when a change was not saved (the app mirrors that on
// <html data-unsaved>), downloads every stored text as stored, and reloads.
//
// The trap is raised the way the browser reports a wasm abort to the page: a
// WebAssembly.RuntimeError thrown from an event-loop task and from a rejected promise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, launchBrowser, openPage, screenshotPath, ledgerFixture, openWithStorage, downloaded,
  fillStorage, assertAccessible,
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

const trap = (page, how = 'task') =>
  page.evaluate((how) => {
    const error = new WebAssembly.RuntimeError('unreachable');
    if (how === 'task') setTimeout(() => { throw error; });
    else Promise.reject(error);
  }, how);

test('a trap shows the error screen, in English, and Reload brings the app back', async () => {
  const { context, page } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Relance' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('data-unsaved'), 'false');
    // An ordinary error is not a crash: nothing shows.
    await page.evaluate(() => setTimeout(() => { throw new Error('not a trap'); }));
    await page.waitForTimeout(200);
    assert.equal(await page.getByTestId('crash').count(), 0);

    await trap(page, 'promise');
    const dialog = page.getByRole('alertdialog', { name: 'Relance ran into an error' });
    await dialog.waitFor();
    await dialog.getByText('The data already saved in this browser is untouched').waitFor();
    assert.equal(await dialog.getByText('Your last change could not be saved').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Reload the page');
    await assertAccessible(page, 'the error screen (en)');
    await page.screenshot({ path: screenshotPath('crash-en') });
    // A second trap does not stack a second screen.
    await trap(page);
    await page.waitForTimeout(100);
    assert.equal(await page.getByTestId('crash').count(), 1);

    await dialog.getByRole('button', { name: 'Reload the page' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome to Relance' }).waitFor();
    assert.equal(await page.getByTestId('crash').count(), 0);
  } finally {
    await context.close();
  }
});

test('with a change not saved, the error screen says it and downloads what is stored', async () => {
  const { context, page } = await openWithStorage(browser, server, ledgerFixture());
  try {
    await page.getByTestId('books-summary').waitFor();
    await fillStorage(page);
    // A new client cannot be saved: the storage is full.
    await page.goto(server.baseUrl + '#/clients');
    await page.getByRole('link', { name: 'Nouveau client' }).first().click();
    await page.getByLabel('Nom du client').fill('Atelier Durand');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByTestId('unsaved-banner').waitFor();
    await page.locator('html[data-unsaved="true"]').waitFor();

    await trap(page);
    const dialog = page.getByRole('alertdialog', { name: 'Relance a rencontré une erreur' });
    await dialog.waitFor();
    await dialog.getByText('Votre dernière modification n’avait pas pu être enregistrée').waitFor();
    await page.screenshot({ path: screenshotPath('crash-unsaved-fr') });
    await assertAccessible(page, 'the error screen with a change not saved (fr)');
    const file = await downloaded(page, dialog.getByRole('button', { name: 'Télécharger les données enregistrées' }));
    assert.match(file.name, /^relance-saved-data-\d{4}-\d\d-\d\d\.json$/);
    const texts = JSON.parse(file.text);
    const stored = await page.evaluate(() => Object.fromEntries(
      Object.keys(localStorage).filter((key) => key.startsWith('relance.')).map((key) => [key, localStorage.getItem(key)])));
    assert.deepEqual(texts, stored, 'every stored text, exactly as stored');
    assert.ok(Object.keys(texts).length > 2, Object.keys(texts).join(', '));
    assert.ok(!Object.keys(texts).some((key) => key.startsWith('test-filler')), 'only the app\'s texts');
    await dialog.getByRole('status').getByText('Fichier proposé au téléchargement.').waitFor();
  } finally {
    await context.close();
  }
});

test('the release panic hook\'s event shows the error screen before the trap (src/state/session.rs)', async () => {
  const { context, page } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Relance' }).waitFor();
    // What `report_panics` sends; the panic itself is forced in tests/web.rs (headless Chromium).
    await page.evaluate(() => dispatchEvent(new Event('relance-panic')));
    const dialog = page.getByRole('alertdialog', { name: 'Relance ran into an error' });
    await dialog.waitFor();
    await dialog.getByText('The data already saved in this browser is untouched').waitFor();
  } finally {
    await context.close();
  }
});
