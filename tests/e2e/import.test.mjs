// The CSV import as a user meets it (issue #21, import half), against the release build:
// a French spreadsheet file (`;`, decimal comma, JJ/MM/AAAA, accents) imports into empty books
// with no manual mapping, its bad row named in plain words, nothing stored before the user
// confirms, "import nothing" honoured; the demo's own export imports into other empty books and
// exports again to the same file, byte for byte, and imported twice is never doubled; a column
// the headings did not name is mapped by hand; a file over the limit is refused before it is
// read. Every step by visible labels and roles, axe-core on each state, in French and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, assertClean, assertAccessible, downloaded, screenshotPath } from './harness.mjs';

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

const FRENCH_FILE = '\ufeffN° de facture;Client;Date d\'émission;Échéance;Montant TTC;Payé;Date de paiement\r\n'
  + 'F-2026-001;Boulangerie Martin;05/10/2026;04/11/2026;1 234,56;234,56;20/11/2026\r\n'
  + 'F-2026-002;Café des Arts;12/10/2026;11/11/2026;480,00;;\r\n'
  + 'F-2026-003;Boulangerie Martin;02/11/2026;02/12/2026;96,00;96,00;\r\n'
  + 'F-2026-004;Élise Fabre;03/11/2026;03/12/2026;12,3,4;;\r\n'
  + 'F-2026-005;Élise Fabre;20/11/2026;20/12/2026;2 400,00;;\r\n';

async function chooseFile(page, label, name, text) {
  await page.getByLabel(label, { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

test('a French spreadsheet file imports with no manual mapping, after confirmation only', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl);
    await page.getByRole('navigation').getByRole('link', { name: 'Factures' }).click();
    await page.getByRole('link', { name: 'Importer des factures (CSV, Factur-X, UBL)' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Importer des factures ou des clients' }).waitFor();
    await assertAccessible(page, 'the import page, no file yet');

    await chooseFile(page, 'Fichier CSV, ou factures électroniques (PDF, XML)', 'factures.csv', FRENCH_FILE);
    const dialect = page.getByText(/« factures\.csv » : 5 lignes, lu comme/);
    await dialect.waitFor();
    const said = await dialect.textContent();
    for (const part of ['UTF-8 avec BOM', 'point-virgule', 'virgule décimale', 'JJ/MM/AAAA']) {
      assert.ok(said.includes(part), `${part} in: ${said}`);
    }
    // Every column recognised from its heading.
    for (const [heading, field] of [
      ['N° de facture', 'Numéro de facture *'], ['Client', 'Client *'], ["Date d'émission", "Date d'émission *"],
      ['Échéance', 'Échéance'], ['Montant TTC', 'Montant TTC *'], ['Payé', 'Payé'], ['Date de paiement', 'Date de paiement'],
    ]) {
      const select = page.getByRole('combobox', { name: heading, exact: true });
      assert.equal(await select.locator('option:checked').textContent(), field, heading);
    }
    const summary = page.getByTestId('import-summary');
    await summary.getByText('4 factures à ajouter').waitFor();
    const summaryText = await summary.textContent();
    assert.ok(summaryText.includes('4\u202f210,56\u00a0€'), summaryText);
    assert.ok(summaryText.includes('3 nouveaux clients à créer'), summaryText);
    assert.ok(summaryText.includes('1 ligne en erreur'), summaryText);
    await page.getByText('Ligne 5 : le montant « 12,3,4 » n\'est pas un nombre').waitFor();
    const preview = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: "À l'import" }) });
    assert.equal(await preview.getByRole('row').count(), 6);
    await assertAccessible(page, 'the import preview');
    await page.screenshot({ path: screenshotPath('import-preview-1440-fr'), fullPage: true });

    // Nothing is stored before the confirmation; "import nothing" imports nothing.
    const stored = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('ledger')).length);
    assert.equal(await stored(), 0);
    await page.getByLabel('Ne rien importer').check();
    await page.getByText('Vous avez choisi de ne rien importer tant qu\'une ligne est en erreur').waitFor();
    assert.ok(await page.getByRole('button', { name: 'Importer 4 factures' }).isDisabled(), 'the button says it will not import');
    assert.equal(await stored(), 0);

    await page.getByLabel('Importer les lignes valables, laisser les autres').check();
    await page.getByRole('button', { name: 'Importer 4 factures' }).click();
    await page.getByRole('status').getByText('4 factures importées').waitFor();
    const report = await page.getByRole('status').filter({ hasText: 'factures importées' }).textContent();
    assert.ok(report.includes('3 clients créés, 2 paiements enregistrés'), report);
    assert.ok(report.includes('1 ligne laissée de côté'), report);
    await assertAccessible(page, 'the import done');

    await page.getByRole('link', { name: 'Voir les factures' }).click();
    await page.getByTestId('inv-count').getByText(/4/).waitFor();
    // The partly paid invoice, overdue, with what remains.
    await page.getByRole('link', { name: 'F-2026-001' }).click();
    await page.getByText('1\u202f000,00\u00a0€').first().waitFor();
    assertClean(problems, 'the French import');
  } finally {
    await context.close();
  }
});

test('the demo exported imports into empty books and exports again to the same file, never doubled', async () => {
  const source = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  let exported;
  try {
    const { page } = source;
    await page.goto(server.baseUrl);
    await page.getByRole('button', { name: 'Load demo data' }).click();
    await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();
    await page.goto(server.baseUrl + '#/invoices');
    const region = page.getByRole('region', { name: 'Export (CSV)' });
    await region.getByLabel('File format').selectOption('standard');
    exported = await downloaded(page, region.getByRole('button', { name: 'The invoices' }));

    // The same file into the same books: every invoice already there.
    await page.goto(server.baseUrl + '#/import');
    await chooseFile(page, 'CSV file, or e-invoices (PDF, XML)', exported.name, exported.text);
    await page.getByTestId('import-summary').getByText('26 invoices already in your books: never imported twice.').waitFor();
    await page.getByText('Nothing to import: every row has errors or is already in your books.').waitFor();
    assert.ok(await page.getByRole('button', { name: 'Import 0 invoices' }).isDisabled());
    await page.goto(server.baseUrl + '#/');
    await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();
    assertClean(source.problems, 'the demo export and re-import');
  } finally {
    await source.context.close();
  }

  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/import');
    await chooseFile(page, 'CSV file, or e-invoices (PDF, XML)', exported.name, exported.text);
    await page.getByTestId('import-summary').getByText('26 invoices to add').waitFor();
    await assertAccessible(page, 'the preview of the demo export');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('import-preview-360-en'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Import 26 invoices' }).click();
    await page.getByRole('status').getByText(/^26 invoices imported/).waitFor();

    await page.getByRole('link', { name: 'See the invoices' }).click();
    const region = page.getByRole('region', { name: 'Export (CSV)' });
    await region.getByLabel('File format').selectOption('standard');
    const again = await downloaded(page, region.getByRole('button', { name: 'The invoices' }));
    assert.equal(again.text, exported.text, 'export → import → export gives the same file');
    assertClean(problems, 'the import of the demo export');
  } finally {
    await context.close();
  }
});

test('a column the headings did not name is mapped by hand; a file of clients imports as clients; a file over 10 MB is refused before it is read', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB' });
  try {
    await page.goto(server.baseUrl + '#/import');
    await chooseFile(page, 'CSV file, or e-invoices (PDF, XML)', 'odd.csv',
      'Invoice number,Customer,Invoice date,Sum to settle\nA-1,Acme Ltd,2026-11-02,"1,250.00"\nA-2,Acme Ltd,2026-11-09,80\n');
    await page.getByText('Choose the column that holds: Amount incl. tax.').waitFor();
    await page.getByRole('combobox', { name: 'Sum to settle' }).selectOption({ label: 'Amount incl. tax *' });
    await page.getByTestId('import-summary').getByText('2 invoices to add, for €1,330.00.').waitFor();
    assert.equal(await page.getByText('Choose the column that holds').count(), 0);
    await assertAccessible(page, 'a column mapped by hand');

    // A file of clients: told from its columns, imported as clients.
    await chooseFile(page, 'CSV file, or e-invoices (PDF, XML)', 'clients.csv',
      'Client,Country,Client kind,E-mail,VAT number\nAcme Ltd,United Kingdom,Business,ap@acme.test,\nJean Petit,France,Consumer,,\nNowhere Inc,Atlantis,,,\n');
    await page.getByText('This file holds clients').waitFor();
    await page.getByTestId('import-summary').getByText('2 clients to add.').waitFor();
    await page.getByText('Line 4: the country "Atlantis" is not recognised').waitFor();
    await assertAccessible(page, 'a file of clients');
    await page.getByRole('button', { name: 'Import 2 clients' }).click();
    await page.getByRole('status').getByText('2 clients imported. 1 row left out').waitFor();
    await page.goto(server.baseUrl + '#/clients');
    await page.getByRole('link', { name: 'Acme Ltd' }).waitFor();
    await page.goto(server.baseUrl + '#/import');

    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    await page.getByLabel('CSV file, or e-invoices (PDF, XML)', { exact: true }).setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: big });
    await page.getByRole('alert').getByText(/This file is 11(\.\d)? MB: the import reads at most 10 MB/).waitFor();
    assert.equal(await page.getByTestId('import-summary').count(), 0);
    assertClean(problems, 'the hand mapping and the big file');
  } finally {
    await context.close();
  }
});
