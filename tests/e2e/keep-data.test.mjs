// Keeping the user's data (issue #5, eviction): the app asks the browser for persistent storage
// on its own, once per page load, as soon as the books hold saved data (never on a first visit
// with nothing to keep), and Settings shows the browser's answer; leaving the page (close,
// reload) asks to confirm exactly when a change would be lost. `navigator.storage.persist()` and
// `persisted()` are stubbed in every page, so that the tests see each call and choose the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  serveDist, launchBrowser, openPage, assertClean, ledgerFixture, repoRoot, fillStorage,
} from './harness.mjs';

let server;
let browser;

const FIXTURE = ledgerFixture();
const BACKUP = readFileSync(join(repoRoot, 'tests', 'fixtures', 'storage', 'backup-v1.json'), 'utf8');

before(async () => {
  server = await serveDist('relance');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/**
 * A page on the dashboard whose storage holds `entries`, with the persistence calls stubbed:
 * `persisted()` answers `already` until `persist()` is called; `persist()` answers
 * `window.__grant` (at first `grant`). Both count their calls (`__persistCalls`,
 * `__persistedCalls`); `storage: false` makes localStorage throw (sandboxed).
 */
async function open({ entries = {}, grant = true, already = false, storage = true } = {}) {
  const opened = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  const { context, page } = opened;
  await context.addInitScript(({ grant, already, storage }) => {
    window.__persistCalls = 0;
    window.__persistedCalls = 0;
    window.__grant = grant;
    let granted = already;
    navigator.storage.persisted = () => {
      window.__persistedCalls += 1;
      return Promise.resolve(granted);
    };
    navigator.storage.persist = () => {
      window.__persistCalls += 1;
      granted = window.__grant;
      return Promise.resolve(granted);
    };
    if (!storage) {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The document is sandboxed', 'SecurityError');
        },
      });
    }
  }, { grant, already, storage });
  // (The browser asks the storage page for /favicon.ico, which the app does not have.)
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
  if (Object.keys(entries).length > 0) {
    // Storage written from a page of the same origin that is not the app: the app starts once.
    await page.goto(server.baseUrl + 'manifest.webmanifest');
    await page.evaluate((stored) => {
      for (const [key, text] of Object.entries(stored)) localStorage.setItem(key, text);
    }, entries);
  }
  await page.goto(server.baseUrl);
  await page.locator('[data-testid="books-summary"]').waitFor();
  return opened;
}

const calls = (page) => page.evaluate(() => ({ persist: window.__persistCalls, persisted: window.__persistedCalls }));

/** Goes to Settings as the user does (a click: the page then has the user's activation, which
 * Chromium requires before it shows a `beforeunload` dialog). */
async function clickToSettings(page) {
  await page.locator('a[href="#/settings"]').first().click();
  await page.locator('[data-testid="data-section"]').waitFor();
}

/** Waits until Settings states the browser's answer, and returns it. */
async function persistenceSaid(page, expected) {
  const persistence = page.locator('[data-testid="persistence"]');
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('[data-testid="persistence"]')?.textContent ?? ''),
    expected.source,
  );
  return persistence.textContent();
}

async function restoreBackup(page, text = BACKUP) {
  await page.locator('[data-testid="restore-file"]').setInputFiles({
    name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text, 'utf8'),
  });
  await page.locator('[data-testid="restore-replace"]').click();
  await page.locator('[data-testid="restore-replace-confirm"]').click();
}


/**
 * Closes `page` as the user does (its `beforeunload` handlers run). Returns the types of the
 * dialogs the browser showed, and whether the page closed; with `stay`, each dialog is
 * answered "stay on the page".
 */
async function tryToClose(page, { stay = false } = {}) {
  const seen = [];
  const onDialog = (dialog) => {
    seen.push(dialog.type());
    return stay ? dialog.dismiss() : dialog.accept();
  };
  page.on('dialog', onDialog);
  const closed = new Promise((resolve) => page.once('close', () => resolve(true)));
  await page.close({ runBeforeUnload: true });
  const outcome = await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve(false), 2000))]);
  page.off('dialog', onDialog);
  return { seen, closed: outcome };
}

/** Reloads `page`, accepting any dialog; returns the types of the dialogs shown. */
async function reload(page) {
  const seen = [];
  const onDialog = (dialog) => {
    seen.push(dialog.type());
    return dialog.accept();
  };
  page.on('dialog', onDialog);
  await page.reload();
  await page.locator('#main > *').first().waitFor();
  page.off('dialog', onDialog);
  return seen;
}

test('persistent storage: not asked on a first visit without data, asked once when the books hold saved data; Settings shows the answer', async () => {
  const { context, page, problems } = await open({ grant: true });
  try {
    assert.equal(await page.locator('[data-testid="books-summary"]').getAttribute('data-invoices'), '0');
    await clickToSettings(page);
    assert.match(await persistenceSaid(page, /may erase/), /browser may erase this data/);
    assert.deepEqual(await calls(page), { persist: 0, persisted: 1 }, 'nothing to keep: only Settings asked whether it is kept');
    assert.equal(await page.locator('[data-testid="persist-ask"]').count(), 1);

    // The user's data arrives (a restored backup) and is saved: the app asks, once.
    await restoreBackup(page);
    await page.locator('[data-testid="restore-done"]').waitFor();
    await page.waitForFunction(() => window.__persistCalls === 1);
    assert.match(await persistenceSaid(page, /has committed/), /browser has committed not to erase/);
    assert.equal(await page.locator('[data-testid="persist-ask"]').count(), 0);

    // More changes and pages do not ask again in this page load.
    await restoreBackup(page);
    await page.locator('[data-testid="restore-done"]').waitFor();
    await page.locator('a.app-header__name').click();
    await page.locator('[data-testid="books-summary"]:not([data-invoices="0"])').waitFor();
    await clickToSettings(page);
    await persistenceSaid(page, /has committed/);
    assert.equal((await calls(page)).persist, 1);
    assertClean(problems, 'the persistence request', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('persistent storage: stored books ask once per page load unless the browser already keeps them; a refusal shows as not granted', async () => {
  // Already kept: never asked.
  const kept = await open({ entries: FIXTURE, already: true });
  try {
    await kept.page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    await kept.page.waitForFunction(() => window.__persistedCalls >= 1);
    await clickToSettings(kept.page);
    assert.match(await persistenceSaid(kept.page, /has committed/), /has committed/);
    assert.equal((await calls(kept.page)).persist, 0, 'persisted() said yes: persist() is not called');
    assertClean(kept.problems, 'a browser that keeps the data', { failedRequests: true });
  } finally {
    await kept.context.close();
  }

  // The browser says no: asked once per page load, and Settings says the data may be erased.
  const { context, page, problems } = await open({ entries: FIXTURE, grant: false });
  try {
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    await page.waitForFunction(() => window.__persistCalls === 1);
    await clickToSettings(page);
    assert.match(await persistenceSaid(page, /may erase/), /browser may erase this data/);
    assert.equal((await calls(page)).persist, 1);
    assert.deepEqual(await reload(page), [], 'saved books: no dialog');
    await page.waitForFunction(() => window.__persistCalls === 1);
    // The user asks again from Settings, and this time the browser agrees.
    await clickToSettings(page);
    await persistenceSaid(page, /may erase/);
    await page.evaluate(() => { window.__grant = true; });
    await page.locator('[data-testid="persist-ask"]').click();
    assert.match(await persistenceSaid(page, /has committed/), /has committed/);
    assert.equal((await calls(page)).persist, 2);
    assertClean(problems, 'a browser that says no', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('leaving the page never asks for confirmation when everything is saved', async () => {
  const { context, page, problems } = await open({ entries: FIXTURE });
  try {
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    await clickToSettings(page);
    assert.deepEqual(await reload(page), [], 'no dialog on reload');
    await clickToSettings(page);
    assertClean(problems, 'the saved books', { failedRequests: true });
    assert.deepEqual(await tryToClose(page), { seen: [], closed: true }, 'no dialog on close');
  } finally {
    await context.close();
  }
});

test('leaving the page asks for confirmation while a change of the books is not saved', async () => {
  const { context, page, problems } = await open({});
  try {
    await clickToSettings(page);
    // The browser refuses to write the books (and only them: the rates restored are saved).
    await page.evaluate(() => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (String(key).startsWith('relance.ledger')) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return setItem.call(this, key, value);
      };
    });
    await restoreBackup(page);
    await page.locator('[data-testid="unsaved-banner"]').waitFor();
    assert.equal(await page.locator('[data-testid="rates-save-error"]').count(), 0, 'only the books are not saved');

    // Closing: the browser asks; staying keeps the change in the page.
    assert.deepEqual(await tryToClose(page, { stay: true }), { seen: ['beforeunload'], closed: false });
    assert.equal(await page.locator('[data-testid="unsaved-banner"]').count(), 1);
    // Reloading asks too; leaving anyway drops the change that was not saved.
    assert.deepEqual(await reload(page), ['beforeunload']);
    await page.locator('a.app-header__name').click();
    await page.locator('[data-testid="books-summary"][data-invoices="0"]').waitFor();
    assertClean(problems, 'the unsaved change', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('leaving the page asks for confirmation while a rate change is not saved', async () => {
  const { context, page, problems } = await open({});
  try {
    await clickToSettings(page);
    await fillStorage(page);
    await page.locator('[data-testid="rate-input-from"]').fill('2026-07-01');
    await page.locator('[data-testid="rate-input-rate"]').fill('3.10');
    await page.locator('[data-testid="rate-input-source"]').fill('test');
    await page.locator('[data-testid="rate-add"]').click();
    await page.locator('[data-testid="rates-save-error"]').waitFor();
    assertClean(problems, 'the unsaved rate', { failedRequests: true });
    assert.deepEqual(await tryToClose(page, { stay: true }), { seen: ['beforeunload'], closed: false });
  } finally {
    await context.close();
  }
});

test('without storage, leaving asks for confirmation only once the books hold something', async () => {
  const { context, page, problems } = await open({ storage: false });
  try {
    await page.locator('[data-testid="memory-only-banner"]').waitFor();
    await clickToSettings(page);
    assert.deepEqual(await reload(page), [], 'nothing to lose: no dialog');
    await clickToSettings(page);
    await restoreBackup(page);
    await page.locator('[data-testid="data-summary"]').waitFor();
    await page.locator('a.app-header__name').click();
    await page.locator('[data-testid="books-summary"]:not([data-invoices="0"])').waitFor();
    assert.equal((await calls(page)).persist, 0, 'nothing is stored: persistence is not asked for');
    assertClean(problems, 'the books in memory', { failedRequests: true });
    assert.deepEqual(await tryToClose(page, { stay: true }), { seen: ['beforeunload'], closed: false });
  } finally {
    await context.close();
  }
});
