// Invoices and clients edited in two tabs at once (issue #18, Quality): every save goes through
// the books, which merge an edit with the version another tab saved meanwhile, field by field.
// Two invoices edited at once both keep their edit; two fields of one invoice changed in two
// tabs are both kept; the same field changed in both tabs is reported beside the field and at
// the top of the form, nothing typed is lost, and "keep mine" then saves it knowingly. The same
// for a client. Driven by visible labels, against the release build, over the committed ledger.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openWithStorage, ledgerFixture, screenshotPath, assertClean, assertAccessible, watchPage } from './harness.mjs';

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

// While `window.__holdStorageEvents` is set, the page does not hear other tabs' saves (the
// listener runs before the app's): as when a tab saves before the other tab's event arrives.
const HOLD = () => {
  window.addEventListener('storage', (event) => {
    if (window.__holdStorageEvents) event.stopImmediatePropagation();
  }, true);
};
const hold = (page, on) => page.evaluate((value) => { window.__holdStorageEvents = value; }, on);

const WORDS = {
  fr: {
    editInvoice: 'Modifier la facture',
    notes: 'Notes',
    amount: 'Montant',
    saveInvoice: 'Enregistrer les modifications',
    invoiceSaved: 'Facture enregistrée',
    keepMine: 'Garder mes valeurs',
    takeTheirs: "Prendre celles de l'autre onglet",
    changed: (theirs, mine) => new RegExp(`Modifié dans un autre onglet pendant votre saisie\\s?:\\s«\\s${theirs}\\s»\\. Votre valeur\\s?:\\s«\\s${mine}\\s»\\.`),
    intro: /Cette facture a été modifiée dans un autre onglet pendant votre saisie\. Rien n.a été enregistré/,
  },
  en: {
    editInvoice: 'Edit invoice',
    notes: 'Notes',
    amount: 'Amount',
    saveInvoice: 'Save the changes',
    invoiceSaved: 'Invoice saved',
    keepMine: 'Keep mine',
    takeTheirs: "Take the other tab's",
    changed: (theirs, mine) => new RegExp(`Changed in another tab while you were editing: “${theirs}”\\. Yours: “${mine}”\\.`),
    intro: /This invoice was changed in another tab while you were editing it\. Nothing was saved/,
  },
};

/** Two tabs of one browser (shared storage) over the committed ledger, in `lang`. */
async function twoTabs(lang, width = 1440) {
  const opened = await openWithStorage(browser, server, ledgerFixture(), { locale: lang === 'fr' ? 'fr-FR' : 'en-GB', width });
  await opened.context.addInitScript(HOLD);
  const second = await opened.context.newPage();
  const secondProblems = watchPage(second, server.origin);
  return { ...opened, second, secondProblems };
}

/** Opens invoice `id`'s edit form in `page`. */
async function editInvoice(page, id, words) {
  await page.goto(`${server.baseUrl}#/invoices/${id}/edit`);
  await page.getByRole('heading', { level: 1, name: new RegExp(words.editInvoice) }).waitFor();
  await page.getByLabel(words.notes, { exact: true }).waitFor();
}

async function saveInvoice(page, words) {
  await page.getByRole('button', { name: words.saveInvoice }).click();
}

/** Saves and waits for the list, which says the invoice was saved. */
async function saveInvoiceAndLeave(page, words) {
  await saveInvoice(page, words);
  await page.getByText(words.invoiceSaved).first().waitFor();
}

/** What the edit form of invoice `id` shows in `page` (opened afresh). */
async function invoiceFields(page, id, words) {
  await editInvoice(page, id, words);
  return {
    notes: await page.getByLabel(words.notes, { exact: true }).inputValue(),
    amount: await page.getByLabel(words.amount, { exact: true }).inputValue(),
  };
}

test('two tabs edit two invoices at once, the second without having heard of the first: both edits are kept, in both tabs and after a reload', async () => {
  const words = WORDS.fr;
  const { context, page, problems, second, secondProblems } = await twoTabs('fr');
  try {
    await editInvoice(page, 13, words);
    await editInvoice(second, 14, words);
    // The second tab will not hear of the first's save before making its own.
    await hold(second, true);
    await page.getByLabel(words.notes, { exact: true }).fill('Relancée par téléphone (onglet 1)');
    await saveInvoiceAndLeave(page, words);
    await second.getByLabel(words.notes, { exact: true }).fill('Brouillon revu (onglet 2)');
    await saveInvoiceAndLeave(second, words);
    // Its save found the first tab's and was made on top of it, losing nothing.
    await second.getByText(/votre modification a été enregistrée par-dessus, sans rien perdre de l'autre/).waitFor();
    await hold(second, false);
    for (const tab of [page, second]) {
      assert.equal((await invoiceFields(tab, 13, words)).notes, 'Relancée par téléphone (onglet 1)');
      assert.equal((await invoiceFields(tab, 14, words)).notes, 'Brouillon revu (onglet 2)');
    }
    await page.reload();
    assert.equal((await invoiceFields(page, 13, words)).notes, 'Relancée par téléphone (onglet 1)');
    assert.equal((await invoiceFields(page, 14, words)).notes, 'Brouillon revu (onglet 2)');
    assertClean(problems, 'the first tab');
    assertClean(secondProblems, 'the second tab');
  } finally {
    await context.close();
  }
});

test('two tabs change two fields of one invoice (notes in one, amount in the other): both are kept', async () => {
  const words = WORDS.en;
  const { context, page, problems, second, secondProblems } = await twoTabs('en');
  try {
    // Both forms opened before either saves.
    await editInvoice(page, 13, words);
    await editInvoice(second, 13, words);
    await page.getByLabel(words.notes, { exact: true }).fill('Reminded by phone');
    await saveInvoiceAndLeave(page, words);
    // The second tab heard the first's save; its form still shows what it was opened with.
    assert.equal(await second.getByLabel(words.notes, { exact: true }).inputValue(), '');
    await second.getByLabel(words.amount, { exact: true }).fill('99.90');
    await saveInvoiceAndLeave(second, words);
    // The first tab's list shows the second tab's amount.
    await page.locator('[data-testid="inv-row"]', { hasText: 'F-2025-00125' }).filter({ hasText: '€99.90' }).waitFor();
    for (const tab of [page, second]) {
      assert.deepEqual(await invoiceFields(tab, 13, words), { notes: 'Reminded by phone', amount: '99.90' });
    }
    await second.reload();
    assert.deepEqual(await invoiceFields(second, 13, words), { notes: 'Reminded by phone', amount: '99.90' });
    assertClean(problems, 'the first tab');
    assertClean(secondProblems, 'the second tab');
  } finally {
    await context.close();
  }
});

for (const lang of ['fr', 'en']) {
  test(`the same field of an invoice changed in two tabs is reported beside it and at the top, nothing typed is lost, and "keep mine" saves it (${lang})`, async () => {
    const words = WORDS[lang];
    const { context, page, problems, second, secondProblems } = await twoTabs(lang);
    try {
      await editInvoice(page, 13, words);
      await editInvoice(second, 13, words);
      // In English, the second tab does not hear of the first tab's save: its own save finds
      // the other version in storage and merges there (in French it has heard, and merges on
      // the version it holds).
      await hold(second, lang === 'en');
      await page.getByLabel(words.notes, { exact: true }).fill('Version A');
      await saveInvoiceAndLeave(page, words);
      await second.getByLabel(words.notes, { exact: true }).fill('Version B');
      await second.getByLabel(words.amount, { exact: true }).fill(lang === 'fr' ? '120,00' : '120.00');
      await saveInvoice(second, words);
      const notice = second.getByRole('alert').filter({ hasText: words.intro });
      await notice.waitFor();
      assert.match(await notice.textContent(), words.changed('Version A', 'Version B'));
      // Beside the field too, and the field is marked.
      const notes = second.getByLabel(words.notes, { exact: true });
      assert.equal(await notes.getAttribute('aria-invalid'), 'true');
      assert.match(await second.locator('[data-testid="inv-error-notes"]').textContent(), words.changed('Version A', 'Version B'));
      // Nothing typed is lost; nothing was saved (the first tab still reads its own notes).
      assert.equal(await notes.inputValue(), 'Version B');
      assert.equal((await invoiceFields(page, 13, words)).notes, 'Version A');
      assert.equal(await second.getByLabel(words.amount, { exact: true }).inputValue(), lang === 'fr' ? '120,00' : '120.00');
      assert.equal(await second.evaluate(() => document.activeElement?.id), 'inv-conflict', 'the focus goes to the message');
      await second.evaluate(() => window.scrollTo(0, 0));
      await second.screenshot({ path: screenshotPath(`invoice-conflict-1440-${lang}`), fullPage: true });
      await second.setViewportSize({ width: 360, height: 800 });
      await second.screenshot({ path: screenshotPath(`invoice-conflict-360-${lang}`), fullPage: true });
      await notes.scrollIntoViewIfNeeded();
      await second.screenshot({ path: screenshotPath(`invoice-conflict-field-360-${lang}`) });
      await assertAccessible(second, `the invoice conflict (${lang})`);
      await second.setViewportSize({ width: 1440, height: 900 });

      // Keep mine: the next save overwrites the other tab's notes, knowingly.
      await second.getByRole('button', { name: words.keepMine }).click();
      assert.equal(await second.locator('[data-testid="inv-conflict"]').count(), 0);
      await saveInvoiceAndLeave(second, words);
      await hold(second, false);
      await page.reload();
      assert.deepEqual(await invoiceFields(page, 13, words), { notes: 'Version B', amount: '120.00' });
      assertClean(problems, 'the first tab');
      assertClean(secondProblems, 'the second tab');
    } finally {
      await context.close();
    }
  });
}

test('the same field of a client changed in two tabs is reported; taking the other tab\'s value keeps the rest of what was typed', async () => {
  const { context, page, problems, second, secondProblems } = await twoTabs('en');
  try {
    const openClient = async (tab) => {
      await tab.goto(`${server.baseUrl}#/clients/3/edit`);
      await tab.getByRole('heading', { level: 1, name: 'Edit client' }).waitFor();
      await tab.getByLabel('Notes', { exact: true }).waitFor();
    };
    await openClient(page);
    await openClient(second);
    await page.getByLabel('Notes', { exact: true }).fill('Prefers letters');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes saved.').waitFor();
    await second.getByLabel('Notes', { exact: true }).fill('Call after 6 pm');
    await second.getByLabel('Phone', { exact: true }).fill('+33 6 12 34 56 78');
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    const notice = second.getByRole('alert').filter({ hasText: /This client was changed in another tab while you were editing it/ });
    await notice.waitFor();
    assert.match(await notice.textContent(), /Changed in another tab while you were editing: “Prefers letters”\. Yours: “Call after 6 pm”\./);
    assert.match(await second.locator('[data-testid="clients-error-notes"]').textContent(), /“Prefers letters”/);
    assert.equal(await second.getByLabel('Notes', { exact: true }).inputValue(), 'Call after 6 pm');
    await second.screenshot({ path: screenshotPath('client-conflict-1440-en'), fullPage: true });
    await second.setViewportSize({ width: 360, height: 800 });
    await second.screenshot({ path: screenshotPath('client-conflict-360-en'), fullPage: true });
    await assertAccessible(second, 'the client conflict (en)');
    await second.setViewportSize({ width: 1440, height: 900 });

    await second.getByRole('button', { name: "Take the other tab's" }).click();
    assert.equal(await second.getByLabel('Notes', { exact: true }).inputValue(), 'Prefers letters');
    assert.equal(await second.getByLabel('Phone', { exact: true }).inputValue(), '+33 6 12 34 56 78');
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    await second.getByText('Changes saved.').waitFor();
    await page.reload();
    await openClient(page);
    assert.equal(await page.getByLabel('Notes', { exact: true }).inputValue(), 'Prefers letters');
    assert.equal(await page.getByLabel('Phone', { exact: true }).inputValue(), '+33 6 12 34 56 78');
    assertClean(problems, 'the first tab');
    assertClean(secondProblems, 'the second tab');
  } finally {
    await context.close();
  }
});
