// CSV exports as a user downloads them (issue #21, export half), against the release build:
// the demo loaded; the invoices list filtered on overdue invoices exports exactly the invoices
// it shows (all pages), in French as Excel France (BOM, `;`, decimal comma, JJ/MM/AAAA) and,
// with the format changed for that export, as standard CSV (`,`, decimal point, ISO dates);
// the open total of the file equals the list's totals row to the cent; a format chosen in
// Settings presets every export; the clients and the dashboard's aging export too. Each file
// is read back by an RFC 4180 reader written here (quotes, doubled quotes, CRLF).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, assertClean, assertAccessible, downloaded } from './harness.mjs';

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

/** RFC 4180 rows of `text` with `separator` (a leading BOM removed and reported). */
function readCsv(text, separator) {
  const bom = text.startsWith('\ufeff');
  const body = bom ? text.slice(1) : text;
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') { cell += '"'; index++; } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) { row.push(cell); cell = ''; } else if (char === '\r' && body[index + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; index++;
    } else cell += char;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return { bom, rows };
}

/** An amount cell in cents (`1234,56` or `1234.56`): integers, no float. */
function cents(cell, decimalComma) {
  const [whole, fraction = ''] = cell.split(decimalComma ? ',' : '.');
  assert.match(whole, /^-?\d+$/, `not a plain amount: ${cell}`);
  return Number(whole) * 100 + Math.sign(Number(whole) || 1) * Number(fraction.padEnd(2, '0'));
}

/** The list's shown amount (`1 234,56 €`) in cents. */
function shownCents(text) {
  const digits = text.replace(/[^\d]/g, '');
  return Number(digits);
}

test('the invoices list exports what it shows, in both formats, and Settings presets the format', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl);
    await page.getByRole('button', { name: 'Charger les données de démonstration' }).click();
    await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();

    await page.goto(server.baseUrl + '#/invoices?status=overdue');
    const count = Number((await page.getByTestId('inv-count').textContent()).match(/\d+/)[0]);
    assert.ok(count > 3, `${count} overdue invoices`);
    const listOpen = shownCents((await page.locator('[data-testid="inv-total"][data-currency="EUR"] td.num').nth(1).textContent()));
    const region = page.getByRole('region', { name: 'Exporter (CSV)' });
    await assertAccessible(page, 'the invoices list with its export');

    // French: Excel France by default.
    assert.equal(await region.getByLabel('Format du fichier').inputValue(), 'excel-fr');
    const french = await downloaded(page, region.getByRole('button', { name: 'Les factures' }));
    assert.match(french.name, /^relance-factures-\d{4}-\d\d-\d\d\.csv$/);
    const excel = readCsv(french.text, ';');
    assert.ok(excel.bom, 'Excel France starts with a byte-order mark');
    const [header, ...rows] = excel.rows;
    assert.equal(rows.length, count, 'one row per invoice the list shows');
    const column = (name) => header.findIndex((cell) => cell.toLowerCase().startsWith(name));
    const [currency, open, due] = [column('devise'), column('reste'), column('échéance')];
    assert.ok(currency >= 0 && open >= 0 && due >= 0, header.join(' | '));
    const fileOpen = rows.filter((row) => row[currency] === 'EUR').reduce((sum, row) => sum + cents(row[open], true), 0);
    assert.equal(fileOpen, listOpen, 'the file\'s open total is the list\'s');
    assert.ok(rows.every((row) => /^\d\d\/\d\d\/\d{4}$/.test(row[due])), 'JJ/MM/AAAA dates');

    // Standard for this export only.
    await region.getByLabel('Format du fichier').selectOption('standard');
    const standard = readCsv((await downloaded(page, region.getByRole('button', { name: 'Les factures' }))).text, ',');
    assert.equal(standard.bom, false);
    assert.equal(standard.rows.length - 1, count);
    assert.ok(standard.rows.slice(1).every((row) => /^\d{4}-\d\d-\d\d$/.test(row[due])), 'ISO dates');
    const standardOpen = standard.rows.slice(1).filter((row) => row[currency] === 'EUR')
      .reduce((sum, row) => sum + cents(row[open], false), 0);
    assert.equal(standardOpen, listOpen);
    const payments = await downloaded(page, region.getByRole('button', { name: 'Leurs paiements' }));
    assert.match(payments.name, /\.csv$/);

    // Chosen once in Settings: every export starts from it.
    await page.goto(server.baseUrl + '#/settings');
    const csv = page.getByRole('region', { name: 'Exports CSV' });
    await csv.getByLabel('Format des fichiers').selectOption('standard');
    await csv.getByRole('status').waitFor();
    await page.goto(server.baseUrl + '#/clients');
    const clients = page.getByRole('region', { name: 'Exporter (CSV)' });
    assert.equal(await clients.getByLabel('Format du fichier').inputValue(), 'standard');
    const clientFile = readCsv((await downloaded(page, clients.getByRole('button', { name: 'Les clients et leurs statistiques' }))).text, ',');
    assert.equal(clientFile.rows.length - 1, 5, 'the demo\'s five clients');

    // The dashboard's aging as of its date: per client, and a total per currency.
    await page.goto(server.baseUrl + '#/');
    const dashboard = page.getByRole('region', { name: 'Exporter (CSV)' });
    const aging = readCsv((await downloaded(page, dashboard.getByRole('button', { name: 'La balance âgée à cette date' }))).text, ',');
    assert.ok(aging.rows.some((row) => row[0] === 'Total'), 'a total row');
    assertClean(problems, 'the exports');
  } finally {
    await context.close();
  }
});
