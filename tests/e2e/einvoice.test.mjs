// E-invoices brought in as a user meets them (issue #23), against the release build, with the
// committed fixtures made by the field's reference libraries (tests/fixtures/einvoice):
// - French, with the demo and the letterhead filled: Factur-X PDFs (EN 16931 with a prepaid
//   amount, its credit note, a MINIMUM without due date), a UBL invoice, and hostile files,
//   chosen together; each file's outcome and each refusal in plain words; the missing due date
//   entered in the table; one confirmation imports them; the invoice's balance is the file's
//   to the cent, it is on the dashboard and a letter can be prepared for it; chosen again,
//   nothing is doubled;
// - English at 360 px, empty books and no letterhead: the seller is named instead of checked;
//   an invoice the user received is refused once the letterhead is filled; a file over 20 MB
//   is refused before it is read.
// axe-core on every state; screenshots at 1440 px (fr) and 360 px (en).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launchBrowser, openPage, assertClean, assertAccessible, screenshotPath } from './harness.mjs';

const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'einvoice');
const fixture = (name) => join(FIXTURES, name);

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

async function fillLetterhead(page, { name, siren, saveLabel, nameLabel, sirenLabel }) {
  await page.goto(server.baseUrl + '#/settings');
  await page.getByLabel(nameLabel).fill(name);
  await page.getByLabel(sirenLabel).fill(siren);
  await page.getByRole('button', { name: saveLabel }).click();
  await page.locator('[data-testid="letterhead-outcome"][data-outcome="saved"]').waitFor();
}

test('Factur-X and UBL invoices of every kind import through the preview, to the cent (fr, 1440 px)', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl);
    await page.getByRole('button', { name: 'Charger les données de démonstration' }).click();
    await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();
    await fillLetterhead(page, {
      name: 'Studio Graphique Lefèvre', siren: '814 726 394',
      nameLabel: 'Nom ou raison sociale', sirenLabel: 'SIREN ou SIRET', saveLabel: "Enregistrer l'en-tête",
    });

    await page.getByRole('navigation').getByRole('link', { name: 'Factures' }).click();
    await page.getByRole('link', { name: 'Importer des factures (CSV, Factur-X, UBL)' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Importer des factures ou des clients' }).waitFor();
    const input = page.getByLabel('Fichier CSV, ou factures électroniques (PDF, XML)', { exact: true });
    await input.setInputFiles([
      fixture('facturx-en16931.pdf'), fixture('facturx-creditnote.pdf'), fixture('facturx-minimum.pdf'),
      fixture('ubl-invoice.xml'), fixture('hostile/encrypted.pdf'), fixture('hostile/no-attachment.pdf'),
      fixture('hostile/billion-laughs.xml'), fixture('hostile/bomb.pdf'), fixture('hostile/not-invoice.xml'),
    ]);
    const summary = page.getByTestId('import-summary');
    await summary.getByText('2 factures à ajouter').waitFor();
    const said = await summary.textContent();
    // FX-2026-004 (1 499,23) and FX-2026-011 (2 251,86); FX-2026-001 waits for its due date.
    for (const part of [
      '2 factures à ajouter, pour 3\u202f751,09\u00a0€.',
      '1 nouveau client à créer, 1 client de vos livres.',
      "1 avoir à enregistrer sur la facture qu'il crédite.",
      '1 facture sans échéance dans le fichier\u202f: saisissez-la dans le tableau.',
      '5 fichiers refusés, expliqués ci-dessous.',
    ]) {
      assert.ok(said.includes(part), `${part} in: ${said}`);
    }
    const errors = await page.getByTestId('import-errors').textContent();
    for (const part of [
      '«\u202fencrypted.pdf\u202f»\u202f: Ce PDF est chiffré',
      '«\u202fno-attachment.pdf\u202f»\u202f: Ce PDF ne contient pas de facture électronique',
      '«\u202fbillion-laughs.xml\u202f»\u202f: Ce XML déclare des entités (une DTD)',
      '«\u202fbomb.pdf\u202f»\u202f: Ce PDF contient un flux qui dépasse 20,0 Mo une fois décompressé',
      '«\u202fnot-invoice.xml\u202f»\u202f: Ce XML n\'est pas une facture',
    ]) {
      assert.ok(errors.includes(part), `${part} in: ${errors}`);
    }
    const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: "À l'import" }) });
    assert.equal(await table.getByRole('row').count(), 10);
    const row = (file) => table.getByRole('row').filter({ hasText: file });
    assert.match(await row('facturx-en16931.pdf').textContent(), /Factur-X · EN 16931.*Atelier Lumière SARL.*client connu.*1\u202f499,23\u00a0€.*450,50\u00a0€.*Ajoutée/);
    assert.match(await row('facturx-creditnote.pdf').textContent(), /Avoir enregistré sur la facture FX-2026-004, importée avec lui/);
    assert.match(await row('ubl-invoice.xml').textContent(), /UBL · EN 16931.*Librairie Voltaire SAS.*nouveau client/);
    assert.ok(await page.getByRole('button', { name: 'Importer 2 factures et 1 avoir' }).isVisible());
    const stored = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).filter(([key]) => key.includes('ledger')).sort()));
    const before = await stored();
    await assertAccessible(page, 'the e-invoices preview');
    await page.screenshot({ path: screenshotPath('einvoice-preview-1440-fr'), fullPage: true });

    // The MINIMUM invoice's due date, entered where it is asked.
    await page.getByLabel('Échéance de la facture FX-2026-001').fill('2026-10-15');
    await summary.getByText('3 factures à ajouter, pour 5\u202f232,56\u00a0€.').waitFor();
    assert.equal(await stored(), before, 'nothing stored before the confirmation');
    await page.getByRole('button', { name: 'Importer 3 factures et 1 avoir' }).click();
    await page.getByRole('status').getByText(/^3 factures importées \(5\u202f232,56\u00a0€\), 1 client créé, 1 avoir enregistré, 2 paiements enregistrés\. 5 fichiers laissés de côté/).waitFor();

    // The invoice's balance is the file's: 1 499,23 − 450,50 paid − 374,81 credited.
    await page.getByRole('link', { name: 'Voir les factures' }).click();
    await page.getByRole('link', { name: 'FX-2026-004' }).click();
    await page.getByRole('heading', { level: 1, name: /FX-2026-004/ }).waitFor();
    const invoicePage = await page.locator('#main').textContent();
    assert.ok(invoicePage.includes('673,92\u00a0€'), invoicePage);
    // Dunned like any other.
    await page.getByRole('link', { name: 'Préparer la lettre' }).click();
    await page.getByRole('heading', { level: 1, name: 'Courriers' }).waitFor();
    await page.getByTestId('letter-preview').getByText(/FX-2026-004/).first().waitFor();
    // On the dashboard.
    await page.getByRole('navigation').getByRole('link', { name: 'Tableau de bord' }).click();
    await page.locator('[data-testid="books-summary"][data-invoices="29"]').waitFor();

    // Chosen again: nothing doubled.
    await page.goto(server.baseUrl + '#/import');
    await input.setInputFiles([fixture('facturx-en16931.pdf'), fixture('facturx-creditnote.pdf'), fixture('ubl-invoice.xml')]);
    await summary.getByText('3 fichiers déjà dans vos livres ou en double\u202f: jamais importés deux fois.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Importer 0 facture' }).getAttribute('aria-disabled'), 'true');
    assertClean(problems, 'the e-invoices import (fr)');
  } finally {
    await context.close();
  }
});

test('with no letterhead the seller is named; a received invoice and a 21 MB file are refused (en, 360 px)', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB', width: 360, height: 800 });
  try {
    await page.goto(server.baseUrl + '#/import');
    const input = page.getByLabel('CSV file, or e-invoices (PDF, XML)', { exact: true });
    await input.setInputFiles([fixture('cii-invoice.xml'), fixture('cii-creditnote.xml'), fixture('facturx-extended.pdf')]);
    await page.getByText(/^Your identity is not filled in \(Settings › Your letterhead\): Relance cannot check that you issued these invoices\. The files name as seller: Studio Graphique Lefèvre/).waitFor();
    await page.getByTestId('import-summary').getByText('2 invoices to add, for €6,271.60.').waitFor();
    await assertAccessible(page, 'the e-invoices preview, no letterhead (en)');
    await page.screenshot({ path: screenshotPath('einvoice-preview-360-en'), fullPage: true });
    await page.getByRole('button', { name: 'Import 2 invoices and 1 credit note' }).click();
    await page.getByRole('status').getByText(/^2 invoices imported \(€6,271\.60\), 2 clients created, 1 credit note recorded\./).waitFor();

    // The buyer's own letterhead: the same kind of file is an invoice received.
    await fillLetterhead(page, {
      name: 'Librairie Voltaire SAS', siren: '923584171',
      nameLabel: 'Name or company name', sirenLabel: 'SIREN or SIRET', saveLabel: 'Save the letterhead',
    });
    await page.goto(server.baseUrl + '#/import');
    await input.setInputFiles([fixture('ubl-invoice.xml')]);
    await page.getByText('This is an invoice you received (you are its buyer), not one you issued: it is not imported.').first().waitFor();
    await page.getByText('Nothing to import: every file is refused or already in your books.').waitFor();

    const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
    await input.setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: big });
    await page.getByText(/"huge\.pdf": This file is 21\.0 MB: an e-invoice is far smaller/).waitFor();
    assertClean(problems, 'the e-invoices import (en)');
  } finally {
    await context.close();
  }
});
