// The user's stored data, end to end (issue #5): backup download and restore (replace, merge,
// a bad file), the recovery screen for unreadable books, the banner when a change cannot be
// saved, two tabs, and storage that is not available at all. The ledger comes from the
// committed version-1 fixture (tests/fixtures/storage/ledger-v1/: three clients, six invoices).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, launchBrowser, openPage, screenshotPath, assertClean, ledgerFixture, openWithStorage, downloaded, fillStorage,
} from './harness.mjs';

let server;
let browser;

const FIXTURE = ledgerFixture();

before(async () => {
  server = await serveDist('relance');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const openWith = (entries, options) => openWithStorage(browser, server, entries, options);

const invoicesShown = (page) =>
  page.locator('[data-testid="books-summary"]').getAttribute('data-invoices');

const storedLedger = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((key) => key.startsWith('relance.ledger'))
        .sort()
        .map((key) => [key, localStorage.getItem(key)]),
    ),
  );


async function restore(page, text) {
  await page.locator('[data-testid="restore-file"]').setInputFiles({
    name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text, 'utf8'),
  });
}


test('a backup downloads, restores over empty books, merges without duplicates, and a bad file changes nothing', async () => {
  const { context, page, problems } = await openWith(FIXTURE, { locale: 'en-GB' });
  try {
    assert.equal(await invoicesShown(page), '6');
    await page.goto(server.baseUrl + '#/settings');
    await page.locator('[data-testid="data-section"]').waitFor();
    assert.match(await page.locator('[data-testid="data-summary"]').textContent(), /3\u00a0clients, 6\u00a0invoices/);
    const backup = await downloaded(page, page.locator('[data-testid="backup-download"]'));
    assert.match(backup.name, /^relance-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(backup.text);
    assert.equal(file.format, 'relance-backup');
    assert.ok(file.checksum, 'the file carries a checksum');
    await page.locator('[data-testid="backup-last"]').waitFor();
    assert.doesNotMatch(await page.locator('[data-testid="backup-last"]').textContent(), /never/i);

    // Start from empty books in a new browser, then restore the file (replace, confirmed).
    const fresh = await openWith({}, { locale: 'en-GB' });
    try {
      assert.equal(await invoicesShown(fresh.page), '0');
      await fresh.page.goto(server.baseUrl + '#/settings');
      await restore(fresh.page, backup.text);
      const summary = fresh.page.locator('[data-testid="restore-summary"]');
      assert.match(await summary.textContent(), /3\u00a0clients, 6\u00a0invoices/);
      assert.match(await summary.textContent(), /issued/);
      await fresh.page.screenshot({ path: screenshotPath('data-restore-summary'), fullPage: true });
      const emptyBooks = await storedLedger(fresh.page);
      await fresh.page.locator('[data-testid="restore-replace"]').click();
      assert.deepEqual(await storedLedger(fresh.page), emptyBooks, 'asking is not replacing');
      await fresh.page.locator('[data-testid="restore-replace-confirm"]').click();
      await fresh.page.locator('[data-testid="restore-done"]').waitFor();
      await fresh.page.reload();
      await fresh.page.locator('[data-testid="data-summary"]').waitFor();
      assert.match(await fresh.page.locator('[data-testid="data-summary"]').textContent(), /3\u00a0clients, 6\u00a0invoices/);

      // Merging the same file again adds nothing and reports no conflict.
      await restore(fresh.page, backup.text);
      await fresh.page.locator('[data-testid="restore-merge"]').click();
      await fresh.page.locator('[data-testid="restore-done"]').waitFor();
      assert.equal(await fresh.page.locator('[data-testid="restore-conflicts"] li').count(), 0);
      assert.match(await fresh.page.locator('[data-testid="data-summary"]').textContent(), /3\u00a0clients, 6\u00a0invoices/);

      // An edited file is refused, says why, and nothing changes.
      const before = await storedLedger(fresh.page);
      const edited = backup.text.replace('F-2025-00125', 'F-2025-00126');
      assert.notEqual(edited, backup.text);
      await restore(fresh.page, edited);
      const refusal = fresh.page.locator('[data-testid="restore-error"]');
      await refusal.waitFor();
      assert.match(await refusal.textContent(), /Nothing was changed/);
      assert.deepEqual(await storedLedger(fresh.page), before);
      assertClean(fresh.problems, 'the restoring tab', { failedRequests: true });
    } finally {
      await fresh.context.close();
    }
    assertClean(problems, 'the backing-up tab', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('the decoder of the books is fetched only when books are stored', async () => {
  const decoder = (requests) => requests.filter((url) => /split_open_books_\d+-[0-9a-f]{1,16}\.wasm$/.test(url));
  const empty = await openWith({}, { serviceWorkers: 'block' });
  try {
    await empty.page.locator('[data-testid="books-summary"]').waitFor();
    assert.deepEqual(decoder(empty.requests), [], 'a first visit has nothing to decode');
  } finally {
    await empty.context.close();
  }
  const stored = await openWith(FIXTURE, { serviceWorkers: 'block' });
  try {
    await stored.page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    assert.equal(decoder(stored.requests).length, 1, 'stored books bring the decoder');
    assertClean(stored.problems, 'the dashboard with stored books', { failedRequests: true });
  } finally {
    await stored.context.close();
  }
});

test('unreadable books show the recovery screen; the raw data downloads; starting afresh keeps them aside', async () => {
  const broken = { ...FIXTURE, 'relance.ledger.i00.1-golden': '{"version":1,"shard":"i00","invoices":[' };
  const { context, page, problems } = await openWith(broken);
  try {
    const screen = page.locator('[data-testid="recovery-screen"]');
    await screen.waitFor();
    assert.match(await page.locator('[data-testid="recovery-reason"]').textContent(), /i00/);
    await page.screenshot({ path: screenshotPath('data-recovery'), fullPage: true });
    const before = await storedLedger(page);

    const raw = await downloaded(page, page.locator('[data-testid="recovery-download"]'));
    assert.deepEqual(JSON.parse(raw.text), before, 'the download holds every stored text, untouched');

    // The Simulator does not use the books: it still works.
    await page.goto(server.baseUrl + '#/simulator');
    await page.locator('[data-testid="page-simulator"]').waitFor();
    await page.goto(server.baseUrl);
    await screen.waitFor();
    assert.deepEqual(await storedLedger(page), before, 'nothing is written while the screen shows');

    await page.locator('[data-testid="recovery-start"]').click();
    await page.locator('[data-testid="recovery-confirm"]').click();
    await page.locator('[data-testid="books-summary"]').waitFor();
    assert.equal(await invoicesShown(page), '0');
    assert.match(await page.locator('[data-testid="tab-notice"]').textContent(), /relance\.ledger\.quarantine/);
    const after = await storedLedger(page);
    const kept = Object.entries(after).filter(([key]) => key.startsWith('relance.ledger.quarantine.')).map(([, text]) => text).sort();
    assert.deepEqual(kept, Object.values(before).sort(), 'the old texts are kept aside, unchanged');
    await page.screenshot({ path: screenshotPath('data-after-recovery'), fullPage: true });
    assertClean(problems, 'the recovery flow', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('a change the browser refuses to save shows a persistent banner, offers a backup, and loses nothing stored', async () => {
  // The backup to restore: the fixture's, made by the app.
  const source = await openWith(FIXTURE);
  await source.page.goto(server.baseUrl + '#/settings');
  const backup = await downloaded(source.page, source.page.locator('[data-testid="backup-download"]'));
  await source.context.close();

  const { context, page, problems } = await openWith({});
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.locator('[data-testid="data-section"]').waitFor();
    await fillStorage(page);
    const before = await storedLedger(page);
    await restore(page, backup.text);
    await page.locator('[data-testid="restore-replace"]').click();
    await page.locator('[data-testid="restore-replace-confirm"]').click();

    const banner = page.locator('[data-testid="unsaved-banner"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /PAS enregistrée/);
    assert.equal(await page.locator('[data-testid="restore-done"]').count(), 0, 'never reported as done');
    assert.match(await page.locator('[data-testid="restore-not-saved"]').textContent(), /refusé/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('data-unsaved-banner') });
    // The change is in this tab's memory; the banner stays on every page.
    assert.match(await page.locator('[data-testid="data-summary"]').textContent(), /6\u00a0factures/);
    await page.goto(server.baseUrl + '#/simulator');
    await banner.waitFor();

    // The banner's backup holds the unsaved change.
    const rescue = await downloaded(page, page.locator('[data-testid="unsaved-download"]'));
    assert.equal(JSON.parse(rescue.text).format, 'relance-backup');
    assert.match(rescue.text, /F-2025-00125/);
    assert.deepEqual(await storedLedger(page), before, 'storage holds the last saved state, whole');

    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith('test-filler.')) localStorage.removeItem(key);
      }
    });
    // With room again, the banner's backup restores everything that was not saved.
    await page.goto(server.baseUrl);
    // Nothing in flight (the wasm, no longer preloaded, and the chunks the start asks for are
    // fetched after `load`): a reload now aborts no request.
    await page.waitForLoadState('networkidle');
    await page.reload();
    assert.equal(await invoicesShown(page), '0');
    assert.equal(await banner.count(), 0);
    await page.goto(server.baseUrl + '#/settings');
    await restore(page, rescue.text);
    await page.locator('[data-testid="restore-replace"]').click();
    await page.locator('[data-testid="restore-replace-confirm"]').click();
    await page.locator('[data-testid="restore-done"]').waitFor();
    assertClean(problems, 'the unsaved-change flow', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('two tabs: a change saved in one appears in the other', async () => {
  const empty = await openWith({});
  await empty.page.goto(server.baseUrl + '#/settings');
  const emptyBackup = await downloaded(empty.page, empty.page.locator('[data-testid="backup-download"]'));
  await empty.context.close();

  const { context, page, problems } = await openWith(FIXTURE, { locale: 'en-GB' });
  try {
    const second = await context.newPage();
    await second.goto(server.baseUrl + '#/settings');
    await second.locator('[data-testid="data-section"]').waitFor();
    assert.equal(await invoicesShown(page), '6');

    await restore(second, emptyBackup.text);
    await second.locator('[data-testid="restore-replace"]').click();
    await second.locator('[data-testid="restore-replace-confirm"]').click();
    await second.locator('[data-testid="restore-done"]').waitFor();

    // The first tab follows, and says why its page changed.
    await page.locator('[data-testid="books-summary"][data-invoices="0"]').waitFor();
    assert.match(await page.locator('[data-testid="tab-notice"]').textContent(), /another tab/);
    await page.screenshot({ path: screenshotPath('data-other-tab') });
    assertClean(problems, 'the first tab', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('without storage (disabled, sandboxed) the app runs in memory and says nothing will be kept', async () => {
  const opened = await openPage(browser, { origin: server.origin });
  const { context, page, problems } = opened;
  try {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The document is sandboxed', 'SecurityError');
        },
      });
    });
    await page.goto(server.baseUrl);
    const banner = page.locator('[data-testid="memory-only-banner"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /rien ne sera conservé|ne sera gardé|aucune donnée/i);
    assert.equal(await invoicesShown(page), '0');
    await page.goto(server.baseUrl + '#/simulator');
    await page.locator('[data-testid="page-simulator"]').waitFor();
    await page.screenshot({ path: screenshotPath('data-memory-only') });
    assertClean(problems, 'the app without storage', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('eviction: the backup reminder shows when the last backup is old, is dismissed for good, and Settings says how storage stands', async () => {
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const meta = `relance-backup-meta 1\nchanges=12\nlast_backup=${day(-40)}\nfirst_change=${day(-39)}\n`;
  const { context, page, problems } = await openWith({ ...FIXTURE, 'relance.backup': meta }, { locale: 'en-GB' });
  try {
    const reminder = page.locator('[data-testid="backup-reminder"]');
    await reminder.waitFor();
    // Headless Chromium does not promise to keep the data: once it has answered the app's
    // request, the reminder says so (the weekly rule) and how old the backup is.
    await reminder.getByText(/has not promised to keep your data/).waitFor();
    assert.match(await reminder.textContent(), /Your last backup is 40 days old\. Download a backup every week/);
    await page.screenshot({ path: screenshotPath('data-backup-reminder') });
    await page.locator('[data-testid="reminder-dismiss"]').click();
    assert.equal(await reminder.count(), 0);
    const stored = await page.evaluate(() => localStorage.getItem('relance.backup'));
    assert.match(stored, new RegExp(`dismissed=${day(0)} 12\\n`), 'the dismissal is remembered with its day');
    // From the reload on, the browser's persistence answers come from a stub that counts the
    // requests: it says no until `window.__grant` is set.
    await context.addInitScript(() => {
      window.__persistCalls = 0;
      window.__grant = false;
      let granted = false;
      navigator.storage.persisted = () => Promise.resolve(granted);
      navigator.storage.persist = () => {
        window.__persistCalls += 1;
        granted = window.__grant;
        return Promise.resolve(granted);
      };
    });
    await page.reload();
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    assert.equal(await reminder.count(), 0, 'still dismissed after a reload');

    // Settings: storage usage (size, share of the quota, keys) and whether the browser keeps the data.
    await page.goto(server.baseUrl + '#/settings');
    const usage = page.locator('[data-testid="storage-usage"]');
    await usage.waitFor();
    assert.match(await usage.textContent(), /Your data takes [\d.,]+ (?:B|KB|MB) of the roughly [\d.,]+ MB .*\(\d+\.\d\u00a0%\), in \d+ keys\./);
    // The books hold saved data: the app asked the browser to keep it, once; the browser said
    // no, and Settings says so, with a button to ask again; this time the browser agrees.
    const persistence = page.locator('[data-testid="persistence"]');
    const persistenceSays = (pattern) => page.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('[data-testid="persistence"]')?.textContent ?? ''),
      pattern.source,
    );
    await persistenceSays(/may erase/);
    assert.equal(await persistence.textContent(), 'The browser may erase this data when short of space: download backups regularly.');
    assert.equal(await page.evaluate(() => window.__persistCalls), 1);
    await page.evaluate(() => { window.__grant = true; });
    await page.locator('[data-testid="persist-ask"]').click();
    await persistenceSays(/has committed/);
    assert.equal(await persistence.textContent(), 'The browser has committed not to erase this data on its own.');
    assert.equal(await page.locator('[data-testid="persist-ask"]').count(), 0);
    assert.equal(await page.evaluate(() => window.__persistCalls), 2);

    // A backup downloaded resets the count: no reminder is due.
    await downloaded(page, page.locator('[data-testid="backup-download"]'));
    await page.waitForFunction((today) => localStorage.getItem('relance.backup')?.includes(`last_backup=${today}`), day(0));
    assert.match(await page.evaluate(() => localStorage.getItem('relance.backup')), /changes=0\n/);
    assertClean(problems, 'the reminder flow', { failedRequests: true });
  } finally {
    await context.close();
  }
});
