// "Undo the restore" (issue #22), as a user meets it: the demo books, a backup restored over
// them (replace, confirmed), then undone from the restore's notice; the demo books are back,
// the backup's are kept aside and can be put back from Settings. Driven by visible labels,
// in French and in English, at 1440 and 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, launchBrowser, screenshotPath, assertClean, ledgerFixture, openWithStorage, downloaded,
} from './harness.mjs';

let server;
let browser;
const FIXTURE = ledgerFixture();

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const WORDS = {
  fr: {
    locale: 'fr-FR',
    loadDemo: 'Charger les données de démonstration',
    file: 'Fichier de sauvegarde (.json)',
    replace: 'Remplacer mes données…',
    confirm: 'Oui, remplacer',
    undo: 'Annuler la restauration',
    undone: /Restauration annulée/,
    putBack: 'Remettre ces factures',
    keptAside: /gardés de côté/,
  },
  en: {
    locale: 'en-GB',
    loadDemo: 'Load demo data',
    file: 'Backup file (.json)',
    replace: 'Replace my data…',
    confirm: 'Yes, replace',
    undo: 'Undo the restore',
    undone: /Restore undone/,
    putBack: 'Put these invoices back',
    keptAside: /kept aside/,
  },
};

const invoicesShown = (page) =>
  page.locator('[data-testid="books-summary"]').getAttribute('data-invoices');

for (const [lang, words] of Object.entries(WORDS)) {
  test(`${lang}: a backup restored over the demo books is undone from its notice, then put back`, async () => {
    // The backup: the fixture's (6 invoices), made by the app.
    const source = await openWithStorage(browser, server, FIXTURE, { locale: words.locale });
    await source.page.goto(server.baseUrl + '#/settings');
    const backup = await downloaded(source.page, source.page.locator('[data-testid="backup-download"]'));
    await source.context.close();

    for (const width of [1440, 360]) {
      const { context, page, problems } = await openWithStorage(browser, server, {}, { locale: words.locale, width });
      try {
        await page.getByRole('button', { name: words.loadDemo }).click();
        await page.locator('[data-testid="books-summary"]:not([data-invoices="0"])').waitFor();
        const demo = await invoicesShown(page);
        assert.notEqual(demo, '6', 'the demo is not the backup');

        await page.goto(server.baseUrl + '#/settings');
        await page.getByLabel(words.file).setInputFiles({
          name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(backup.text, 'utf8'),
        });
        await page.getByRole('button', { name: words.replace }).click();
        await page.getByRole('button', { name: words.confirm, exact: true }).click();
        const done = page.locator('[data-testid="restore-done"]');
        await done.waitFor();
        assert.match(await done.textContent(), words.keptAside);
        // The copy is stored under its own keys, beside the books.
        const keys = await page.evaluate(() => Object.keys(localStorage));
        assert.ok(keys.includes('relance.undo-restore'), keys.join(' '));
        await done.scrollIntoViewIfNeeded();
        await page.screenshot({ path: screenshotPath(`restore-undo-offered-${lang}-${width}`) });

        await page.getByRole('button', { name: words.undo }).click();
        const undone = page.locator('[data-testid="undo-done"]');
        await undone.waitFor();
        assert.match(await undone.textContent(), words.undone);
        await undone.scrollIntoViewIfNeeded();
        await page.screenshot({ path: screenshotPath(`restore-undo-done-${lang}-${width}`) });

        // The demo books are back, stored (a reload reads them).
        await page.goto(server.baseUrl);
        // Nothing in flight (the wasm, no longer preloaded, and the chunks the start asks for are
        // fetched after `load`): a reload now aborts no request.
        await page.waitForLoadState('networkidle');
        await page.reload();
        await page.locator('[data-testid="books-summary"][data-invoices]').waitFor();
        assert.equal(await invoicesShown(page), demo);

        // Later, Settings still offers to put the backup's books back.
        await page.goto(server.baseUrl + '#/settings');
        await page.getByRole('button', { name: words.putBack }).click();
        await page.locator('[data-testid="undo-done"]').waitFor();
        await page.goto(server.baseUrl);
        await page.locator('[data-testid="books-summary"]').waitFor();
        assert.equal(await invoicesShown(page), '6');
        assertClean(problems, `the undo (${lang}, ${width} px)`, { failedRequests: true });
      } finally {
        await context.close();
      }
    }
  });
}
