// Encryption at rest, end to end (issue #5): turned on in Settings, nothing readable is left in
// storage, the app opens on the unlock screen, a wrong passphrase says so and changes nothing,
// the right one opens the books and the user's rates; the passphrase changes in one write;
// backups are encrypted and restore with their passphrase; another tab's change locks this one;
// turning encryption off gives the plain data back. The ledger is the committed version-1
// fixture (tests/fixtures/storage/ledger-v1/: three clients, six invoices).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, launchBrowser, screenshotPath, assertClean, ledgerFixture, openWithStorage, downloaded,
} from './harness.mjs';

let server;
let browser;

const FIXTURE = ledgerFixture();
// A rate the user added (Settings), with a source that must not be readable once encrypted.
const RATES = 'relance-rates 1\n[ecb-mro]\neffective_from,rate_percent,source,status\n2026-12-17,2.15,Quokka bulletin,added\n';
const PASSPHRASE = 'correct horse battery staple';
const NEW_PASSPHRASE = 'a brand new passphrase';
// Texts of the fixture and the rates that no stored value may show once encryption is on.
const SECRETS = ['F-2025-00125', 'Quokka bulletin', 'relance-ledger', 'invoices'];

before(async () => {
  server = await serveDist('relance');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const openWith = (entries, options) => openWithStorage(browser, server, entries, options);

const stored = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((key) => key.startsWith('relance.'))
        .sort()
        .map((key) => [key, localStorage.getItem(key)]),
    ),
  );


const invoicesShown = (page) =>
  page.locator('[data-testid="books-summary"]').getAttribute('data-invoices');

async function unlockWith(page, passphrase) {
  await page.locator('[data-testid="unlock-passphrase"]').fill(passphrase);
  await page.locator('[data-testid="unlock-submit"]').click();
}

async function newPassphrase(page, first, second = first) {
  await page.locator('[data-testid="encryption-new"]').fill(first);
  await page.locator('[data-testid="encryption-confirm"]').fill(second);
}

/** Every value of the app is sealed but the lock and the language; no secret shows. */
function assertNothingReadable(entries) {
  for (const [key, text] of Object.entries(entries)) {
    if (key === 'relance.lock' || key === 'relance.lang') continue;
    assert.match(text, /^relance-dek1:/, `${key} is sealed`);
  }
  const all = JSON.stringify(entries);
  for (const secret of SECRETS) assert.ok(!all.includes(secret), `"${secret}" is not readable in storage`);
}

test('encryption on: nothing readable stored, the unlock screen, a wrong passphrase changes nothing, change and turn off', async () => {
  const { context, page, problems } = await openWith({ ...FIXTURE, 'relance.rates': RATES }, { locale: 'en-GB' });
  try {
    assert.equal(await invoicesShown(page), '6');
    await page.goto(server.baseUrl + '#/settings');
    const section = page.locator('[data-testid="encryption-section"]');
    await section.waitFor();

    await section.screenshot({ path: screenshotPath('encryption-off') });
    // A short passphrase, then two that differ: refused, nothing written.
    const plain = await stored(page);
    await newPassphrase(page, 'short');
    await page.locator('[data-testid="encryption-on"]').click();
    assert.match(await page.locator('[data-testid="encryption-error"]').textContent(), /at least 8 characters.*Nothing was changed/);
    await newPassphrase(page, PASSPHRASE, PASSPHRASE + '!');
    await page.locator('[data-testid="encryption-on"]').click();
    assert.match(await page.locator('[data-testid="encryption-error"]').textContent(), /differ/);
    assert.deepEqual(await stored(page), plain);

    await newPassphrase(page, PASSPHRASE);
    await page.locator('[data-testid="encryption-on"]').click();
    await page.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="encryption-is-on"]').waitFor();
    await section.screenshot({ path: screenshotPath('encryption-on') });
    const sealed = await stored(page);
    assert.deepEqual(Object.keys(sealed).filter((key) => key !== 'relance.lock').sort(), Object.keys(plain).sort(),
      'the same keys, rewritten in place');
    assert.match(sealed['relance.lock'], /^relance-lock 1\nstate on\n/);
    assertNothingReadable(sealed);

    // The tab keeps working: a backup is encrypted, and the same passphrase opens it.
    await page.locator('[data-testid="backup-encrypted"]').waitFor();
    const backup = await downloaded(page, page.locator('[data-testid="backup-download"]'));
    assert.match(backup.name, /^relance-backup-\d{4}-\d{2}-\d{2}-encrypted\.json$/);
    assert.equal(JSON.parse(backup.text).format, 'relance-encrypted-backup');
    for (const secret of SECRETS) assert.ok(!backup.text.includes(secret), `"${secret}" is not readable in the backup`);
    assertNothingReadable(await stored(page));

    // A reload opens on the unlock screen; nothing of the books is shown.
    await page.reload();
    await page.locator('[data-testid="unlock-screen"]').waitFor();
    assert.equal(await page.locator('[data-testid="books-summary"]').count(), 0);
    await page.goto(server.baseUrl + '#/simulator');
    await page.locator('[data-testid="unlock-screen"]').waitFor();
    await page.screenshot({ path: screenshotPath('encryption-unlock'), fullPage: true });

    // A wrong passphrase says so and changes nothing.
    const locked = await stored(page);
    await unlockWith(page, 'not the passphrase');
    const error = page.locator('[data-testid="unlock-error"]');
    await error.waitFor({ timeout: 20_000 });
    assert.match(await error.textContent(), /Wrong passphrase.*Nothing was changed/);
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'unlock-passphrase');
    assert.equal(await page.locator('[data-testid="nav-invoices"]').count(), 0, 'no menu while locked');
    await page.screenshot({ path: screenshotPath('encryption-wrong-passphrase'), fullPage: true });
    assert.deepEqual(await stored(page), locked);
    assert.equal(await page.locator('[data-testid="page-simulator"]').count(), 0);

    // The right one opens the page asked for, the books and the user's rate.
    await unlockWith(page, PASSPHRASE);
    await page.locator('[data-testid="page-simulator"]').waitFor({ timeout: 20_000 });
    // (Within the page: a new document would be locked again.)
    await page.evaluate(() => { location.hash = '#/'; });
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    await page.evaluate(() => { location.hash = '#/settings'; });
    await page.locator('[data-testid="user-rate-row"]').first().waitFor();
    assert.match(await page.locator('[data-testid="user-rate-row"]').first().textContent(), /Quokka bulletin/);
    assert.deepEqual(await stored(page), locked, 'unlocking writes nothing');

    // Changing the passphrase asks for the one in force: a wrong one changes nothing.
    await page.locator('[data-testid="encryption-current"]').fill('not the passphrase');
    await newPassphrase(page, NEW_PASSPHRASE);
    await page.locator('[data-testid="encryption-change"]').click();
    await page.locator('[data-testid="encryption-error"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-testid="encryption-error"]').textContent(), /Wrong passphrase.*Nothing was changed/);
    assert.deepEqual(await stored(page), locked);
    // With the right one, every value is sealed again under a new data key (the same keys,
    // nothing readable), and the lock names that key alone.
    await page.locator('[data-testid="encryption-current"]').fill(PASSPHRASE);
    await newPassphrase(page, NEW_PASSPHRASE);
    await page.locator('[data-testid="encryption-change"]').click();
    await page.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-testid="encryption-done"]').textContent(), /re-encrypted under a new key/);
    const changed = await stored(page);
    assert.notEqual(changed['relance.lock'], locked['relance.lock']);
    assert.deepEqual(Object.keys(changed).sort(), Object.keys(locked).sort());
    const dataKey = (lock) => lock.match(/^data-key ([0-9a-f]+)$/m)[1];
    const newKey = dataKey(changed['relance.lock']);
    assert.notEqual(newKey, dataKey(locked['relance.lock']));
    assert.doesNotMatch(changed['relance.lock'], /old-/);
    for (const [key, value] of Object.entries(changed)) {
      if (key === 'relance.lock' || key === 'relance.lang') continue;
      assert.ok(value.startsWith(`relance-dek1:${newKey}:`), `${key} sealed under the new key`);
    }
    assertNothingReadable(changed);
    await page.reload();
    await unlockWith(page, PASSPHRASE);
    await page.locator('[data-testid="unlock-error"]').waitFor({ timeout: 20_000 });
    await unlockWith(page, NEW_PASSPHRASE);
    await page.locator('[data-testid="encryption-section"]').waitFor({ timeout: 20_000 });

    // The backup made under the old passphrase restores with it (a wrong one changes nothing).
    await page.locator('[data-testid="restore-file"]').setInputFiles({
      name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text, 'utf8'),
    });
    await page.locator('[data-testid="restore-locked"]').waitFor();
    await page.locator('[data-testid="restore-passphrase"]').fill(NEW_PASSPHRASE);
    await page.locator('[data-testid="restore-open"]').click();
    const beforeRestore = await stored(page);
    const restoreError = page.locator('[data-testid="restore-error"]');
    await restoreError.waitFor({ timeout: 20_000 });
    assert.match(await restoreError.textContent(), /Wrong passphrase.*Nothing was changed/);
    assert.deepEqual(await stored(page), beforeRestore, 'a wrong passphrase changes nothing');
    await page.locator('[data-testid="restore-passphrase"]').fill(PASSPHRASE);
    await page.locator('[data-testid="restore-open"]').click();
    const summary = page.locator('[data-testid="restore-summary"]');
    await summary.waitFor({ timeout: 20_000 });
    assert.match(await summary.textContent(), /3\u00a0clients, 6\u00a0invoices/);
    await page.locator('[data-testid="restore-merge"]').click();
    await page.locator('[data-testid="restore-done"]').waitFor();
    assertNothingReadable(await stored(page));

    // Turning encryption off (confirmed) gives the plain data back.
    const beforeOff = await stored(page);
    await page.locator('[data-testid="encryption-off"]').click();
    assert.deepEqual(await stored(page), beforeOff, 'asking is not turning off');
    await page.locator('[data-testid="encryption-off-current"]').fill(PASSPHRASE);
    await page.locator('[data-testid="encryption-off-confirm"]').click();
    await page.locator('[data-testid="encryption-error"]').waitFor({ timeout: 20_000 });
    assert.deepEqual(await stored(page), beforeOff, 'the old passphrase does not turn it off');
    await page.locator('[data-testid="encryption-off-current"]').fill(NEW_PASSPHRASE);
    await page.locator('[data-testid="encryption-off-confirm"]').click();
    await page.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    const off = await stored(page);
    assert.equal(off['relance.lock'], undefined);
    assert.ok(Object.values(off).every((text) => !text.startsWith('relance-dek1:')), 'no value is left sealed');
    assert.equal(off['relance.rates'], RATES);
    await page.reload();
    await page.locator('[data-testid="encryption-section"]').waitFor();
    assert.equal(await page.locator('[data-testid="unlock-screen"]').count(), 0);
    await page.goto(server.baseUrl);
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    assertClean(problems, 'the encryption flow', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('another tab turning encryption on, changing the passphrase or turning it off: this tab locks or reopens; a forgotten passphrase erases only when confirmed', async () => {
  const { context, page, problems } = await openWith(FIXTURE, { locale: 'fr-FR' });
  try {
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    const other = await context.newPage();
    await other.goto(server.baseUrl + '#/settings');
    await other.locator('[data-testid="encryption-section"]').waitFor();
    await newPassphrase(other, PASSPHRASE);
    await other.locator('[data-testid="encryption-on"]').click();
    await other.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });

    // The first tab locks itself and says why (in French), and has written nothing plain.
    await page.locator('[data-testid="unlock-screen"]').waitFor();
    assert.match(await page.locator('[data-testid="tab-notice"]').textContent(), /autre onglet.*déverrouillez/);
    assert.equal(await page.locator('[data-testid="books-summary"]').count(), 0);
    await page.screenshot({ path: screenshotPath('encryption-locked-by-other-tab'), fullPage: true });
    assertNothingReadable(await stored(page));
    await unlockWith(page, PASSPHRASE);
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('[data-testid="tab-notice"]').count(), 0, 'the notice to unlock is gone once unlocked');

    // The other tab changes the passphrase: this one locks again; the new passphrase opens it.
    await other.locator('[data-testid="encryption-current"]').fill(PASSPHRASE);
    await newPassphrase(other, NEW_PASSPHRASE);
    await other.locator('[data-testid="encryption-change"]').click();
    await other.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="unlock-screen"]').waitFor();
    await unlockWith(page, PASSPHRASE);
    await page.locator('[data-testid="unlock-error"]').waitFor({ timeout: 20_000 });
    await unlockWith(page, NEW_PASSPHRASE);
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor({ timeout: 20_000 });

    // The other tab turns encryption off: this one, locked, reopens the data plain.
    await page.reload();
    await page.locator('[data-testid="unlock-screen"]').waitFor();
    await other.locator('[data-testid="encryption-off"]').click();
    await other.locator('[data-testid="encryption-off-current"]').fill(NEW_PASSPHRASE);
    await other.locator('[data-testid="encryption-off-confirm"]').click();
    await other.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    assert.match(await page.locator('[data-testid="tab-notice"]').textContent(), /désactivé/);
    assert.equal((await stored(page))['relance.lock'], undefined);

    // On again (from the other tab), for the forgotten passphrase.
    await newPassphrase(other, PASSPHRASE);
    await other.locator('[data-testid="encryption-on"]').click();
    await other.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    await other.close();

    // Forgotten passphrase: the encrypted data downloads as it is; erasing asks first.
    await page.reload();
    await page.locator('[data-testid="unlock-screen"]').waitFor();
    const before = await stored(page);
    await page.locator('[data-testid="unlock-forgotten"] summary').click();
    const raw = await downloaded(page, page.locator('[data-testid="unlock-download"]'));
    assert.deepEqual(JSON.parse(raw.text), before);
    await page.locator('[data-testid="unlock-erase-start"]').click();
    assert.deepEqual(await stored(page), before, 'asking is not erasing');
    await page.locator('[data-testid="unlock-erase-confirm"]').click();
    await page.locator('[data-testid="books-summary"][data-invoices="0"]').waitFor();
    assert.deepEqual(await stored(page), {});
    assertClean(problems, 'the locked tab', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('a value that cannot be decrypted is kept and shown, never overwritten, and set aside sealed only when confirmed', async () => {
  const { context, page, problems } = await openWith({ ...FIXTURE, 'relance.rates': RATES }, { locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await newPassphrase(page, PASSPHRASE);
    await page.locator('[data-testid="encryption-on"]').click();
    await page.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });

    // Outside Relance: two shard values swapped (an envelope moved to another key does not
    // open) and the rates replaced by a plain text.
    const sealed = await stored(page);
    const [first, second] = Object.keys(sealed).filter((key) => /^relance\.ledger\.i\d\d\./.test(key));
    await page.evaluate(([a, b, textA, textB]) => {
      localStorage.setItem(a, textB);
      localStorage.setItem(b, textA);
      localStorage.setItem('relance.rates', 'relance-rates 1\n');
    }, [first, second, sealed[first], sealed[second]]);
    const tampered = await stored(page);
    await page.reload();
    await unlockWith(page, PASSPHRASE);

    // The books: the recovery screen says what happened and which value; nothing is written.
    await page.locator('[data-testid="recovery-screen"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-testid="recovery-reason"]').textContent(), /could not be decrypted/);
    assert.match(await page.locator('[data-testid="recovery-detail"]').textContent(), /relance\.ledger\.i\d\d\./);
    await page.screenshot({ path: screenshotPath('encryption-undecryptable'), fullPage: true });
    const raw = await downloaded(page, page.locator('[data-testid="recovery-download"]'));
    assert.equal(JSON.parse(raw.text)[first], tampered[first], 'the value that does not open downloads as stored');
    assert.deepEqual(await stored(page), tampered);

    // The rates: shown as unreadable, and a new rate does not overwrite them.
    await page.evaluate(() => { location.hash = '#/simulator'; });
    await page.locator('[data-testid="page-simulator"]').waitFor();
    await page.evaluate(() => { location.hash = '#/'; });
    await page.locator('[data-testid="recovery-start"]').click();
    await page.locator('[data-testid="recovery-confirm"]').click();
    await page.locator('[data-testid="books-summary"][data-invoices="0"]').waitFor();
    const afresh = await stored(page);
    // (All sealed but the plain rates text written outside Relance, dealt with below.)
    assertNothingReadable(Object.fromEntries(Object.entries(afresh).filter(([key]) => key !== 'relance.rates')));
    const setAside = Object.keys(afresh).filter((key) => key.startsWith('relance.ledger.quarantine.'));
    assert.ok(setAside.length > 0, 'the old values are kept aside');
    assert.equal(afresh['relance.rates'], 'relance-rates 1\n', 'the rates are not touched by the books');

    await page.evaluate(() => { location.hash = '#/settings'; });
    const ratesError = page.locator('[data-testid="rates-load-error"]');
    await ratesError.waitFor();
    assert.match(await ratesError.textContent(), /cannot be decrypted/);
    // A rate added meanwhile is used, says it is not saved, and overwrites nothing.
    await page.locator('[data-testid="rate-input-table"]').selectOption('ecb-mro');
    await page.locator('[data-testid="rate-input-from"]').fill('2026-12-17');
    await page.locator('[data-testid="rate-input-rate"]').fill('2.15');
    await page.locator('[data-testid="rate-input-source"]').fill('ECB');
    await page.locator('[data-testid="rate-add"]').click();
    await page.locator('[data-testid="rates-save-error"]').waitFor();
    assert.equal((await stored(page))['relance.rates'], 'relance-rates 1\n', 'the stored text is not overwritten');
    await page.locator('[data-testid="rates-start-afresh"]').click();
    await page.locator('[data-testid="rates-start-afresh-confirm"]').click();
    await page.locator('[data-testid="rates-reset-done"]').waitFor();
    const end = await stored(page);
    assertNothingReadable(end);
    assert.ok(end['relance.rates.quarantine.1'], 'the plain rates text is kept aside, sealed');
    assertClean(problems, 'the undecryptable flow', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test("encryption that would not fit in the browser's storage is refused beforehand, nothing changed", async () => {
  // A large text of the app (kept aside from an old ledger): 3.9 M characters, which sealed
  // (a third larger) would not leave room to save.
  const big = { ...FIXTURE, 'relance.ledger.quarantine.9': 'x'.repeat(3_900_000) };
  const { context, page, problems } = await openWith(big, { locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.locator('[data-testid="encryption-section"]').waitFor();
    const before = await stored(page);
    await newPassphrase(page, PASSPHRASE);
    await page.locator('[data-testid="encryption-on"]').click();
    const error = page.locator('[data-testid="encryption-error"]');
    await error.waitFor({ timeout: 20_000 });
    assert.match(await error.textContent(), /Encrypted, your data would take about 9\d\u00a0% of the room .*Nothing was changed/);
    assert.deepEqual(await stored(page), before);
    await page.locator('[data-testid="encryption-section"]').screenshot({ path: screenshotPath('encryption-no-room') });
    assertClean(problems, 'the refused encryption', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('an encrypted backup restored where data is not encrypted offers to encrypt it with the same passphrase', async () => {
  const source = await openWith(FIXTURE, { locale: 'en-GB' });
  let backup;
  try {
    await source.page.goto(server.baseUrl + '#/settings');
    await newPassphrase(source.page, PASSPHRASE);
    await source.page.locator('[data-testid="encryption-on"]').click();
    await source.page.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    backup = await downloaded(source.page, source.page.locator('[data-testid="backup-download"]'));
  } finally {
    await source.context.close();
  }
  const { context, page, problems } = await openWith({}, { locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.locator('[data-testid="restore-file"]').setInputFiles({
      name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text, 'utf8'),
    });
    await page.locator('[data-testid="restore-passphrase"]').fill(PASSPHRASE);
    await page.locator('[data-testid="restore-open"]').click();
    await page.locator('[data-testid="restore-replace"]').click({ timeout: 20_000 });
    await page.locator('[data-testid="restore-replace-confirm"]').click();
    const offer = page.locator('[data-testid="restored-plain"]');
    await offer.waitFor();
    // (Replacing took the backup's language: the source wrote it in English.)
    assert.match(await offer.textContent(), /This backup was encrypted, but your data is not/);
    assert.ok(Object.values(await stored(page)).some((text) => text.includes('relance-ledger')), 'restored plain first');
    await page.screenshot({ path: screenshotPath('encryption-restored-plain'), fullPage: false });
    await page.locator('[data-testid="restored-encrypt"]').click();
    await page.locator('[data-testid="restored-encrypted"]').waitFor({ timeout: 20_000 });
    assert.equal(await offer.count(), 0);
    assertNothingReadable(await stored(page));
    await page.reload();
    await page.locator('[data-testid="unlock-screen"]').waitFor();
    await unlockWith(page, PASSPHRASE);
    await page.locator('[data-testid="data-summary"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-testid="data-summary"]').textContent(), /3\u00a0clients, 6\u00a0invoices/);
    assertClean(problems, 'the restored then encrypted tab', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('an encryption interrupted by a refused write leaves the data readable, says so everywhere, and finishes on demand', async () => {
  const { context, page, problems } = await openWith(FIXTURE, { locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.locator('[data-testid="encryption-section"]').waitFor();
    // The browser refuses to write one shard sealed (as a full disk would).
    const shard = Object.keys(FIXTURE).find((key) => key.startsWith('relance.ledger.i0'));
    await page.evaluate((refused) => {
      const setItem = Storage.prototype.setItem;
      window.__restoreSetItem = () => { Storage.prototype.setItem = setItem; };
      Storage.prototype.setItem = function (key, value) {
        if (key === refused && String(value).startsWith('relance-dek1:')) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return setItem.call(this, key, value);
      };
    }, shard);
    await newPassphrase(page, PASSPHRASE);
    await page.locator('[data-testid="encryption-on"]').click();
    const error = page.locator('[data-testid="encryption-error"]');
    await error.waitFor({ timeout: 20_000 });
    assert.match(await error.textContent(), /Encryption was interrupted.*stays readable/);
    await page.locator('[data-testid="encryption-interrupted"]').waitFor();
    await page.locator('[data-testid="encryption-interrupted-banner"]').waitFor();
    const partly = await stored(page);
    assert.match(partly['relance.lock'], /^relance-lock 1\nstate encrypting\n/);
    assert.equal(partly[shard], FIXTURE[shard], 'the refused value is still there, plain');
    assert.match(partly['relance.ledger'], /^relance-dek1:/, 'the manifest is sealed first');
    await page.screenshot({ path: screenshotPath('encryption-interrupted') });

    // The books still read the same in this tab.
    await page.evaluate(() => { location.hash = '#/'; });
    await page.locator('[data-testid="books-summary"][data-invoices="6"]').waitFor();
    await page.evaluate(() => { location.hash = '#/settings'; });

    // Finishing while the browser still refuses says so and loses nothing; once it accepts, done.
    await page.locator('[data-testid="encryption-finish"]').click();
    await page.locator('[data-testid="encryption-error"]').waitFor({ timeout: 20_000 });
    assert.equal((await stored(page))[shard], FIXTURE[shard]);
    await page.evaluate(() => window.__restoreSetItem());
    await page.locator('[data-testid="encryption-finish"]').click();
    await page.locator('[data-testid="encryption-done"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="encryption-is-on"]').waitFor();
    assert.equal(await page.locator('[data-testid="encryption-interrupted-banner"]').count(), 0);
    const sealed = await stored(page);
    assert.match(sealed['relance.lock'], /^relance-lock 1\nstate on\n/);
    assertNothingReadable(sealed);

    await page.reload();
    await unlockWith(page, PASSPHRASE);
    await page.locator('[data-testid="data-summary"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-testid="data-summary"]').textContent(), /3\u00a0clients, 6\u00a0invoices/);
    assertClean(problems, 'the interrupted encryption', { failedRequests: true });
  } finally {
    await context.close();
  }
});
