// Times the CSV import of a French spreadsheet file (`;`, decimal comma, JJ/MM/AAAA, one client
// in 20 new, a third of the invoices partly paid with a payment date) into empty books, against
// the release build in headless Chromium. Not a test: it prints figures for
// docs/performance.md (issue #21 target: 10,000 rows read, validated and previewed ≤ 300 ms,
// with progress shown and the page responsive).
//
//   node tests/e2e/measure-import.mjs [runs] [rows]
//
// Times are taken in the page: from the file input's `change` event to the preview's summary
// on screen (the file read, decoded, its dialect detected, every row checked in chunks of
// 1,000 with a pause between them, matched against the books and the preview drawn), and from
// the confirm button's click to the report on screen (the books changed and saved). The
// longest main-thread task between the choice and the preview (PerformanceObserver
// `longtask`, over 50 ms only) says how long the page could not answer.
import { serveDist, launchBrowser, openPage } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const rows = Number(process.argv[3] ?? 10000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (values) =>
  `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}, n ${values.length})`;

function frenchFile(count) {
  const pad = (number) => String(number).padStart(2, '0');
  const lines = ['N° de facture;Client;SIREN;Date d\'émission;Échéance;Montant TTC;Payé;Date de paiement'];
  for (let index = 1; index <= count; index++) {
    const day = 1 + (index % 28);
    const month = 1 + (index % 12);
    const cents = 10000 + ((index * 7919) % 900000);
    const amount = `${Math.floor(cents / 100)},${pad(cents % 100)}`;
    const paid = index % 3 === 0 ? `${Math.floor(cents / 200)},00` : '';
    const paidOn = paid ? `${pad(day)}/${pad(month)}/2026` : '';
    lines.push(`F-${String(index).padStart(6, '0')};Client n° ${index % 500};;${pad(day)}/${pad(month)}/2025;${pad(day)}/${pad(month)}/2025;${amount};${paid};${paidOn}`);
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

const text = frenchFile(rows);
const server = await serveDist('relance');
const browser = await launchBrowser();
const previewed = [];
const imported = [];
const longest = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await openPage(browser, { origin: server.origin, serviceWorkers: 'block', locale: 'fr-FR' });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((entry) => [entry.startTime, entry.duration])))
      .observe({ type: 'longtask', buffered: true });
    document.addEventListener('change', (event) => {
      if (event.target.type === 'file') window.__chosen = performance.now();
    }, true);
  });
  await page.goto(server.baseUrl + '#/import');
  await page.getByLabel('Fichier CSV, ou factures électroniques (PDF, XML)', { exact: true }).waitFor();
  await page.getByLabel('Fichier CSV, ou factures électroniques (PDF, XML)', { exact: true }).setInputFiles({ name: 'factures.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  const shown = await page.waitForFunction(
    () => document.querySelector('[data-testid="import-summary"]') && (window.__shown ??= performance.now()),
    null, { polling: 'raf', timeout: 60000 });
  await shown.dispose();
  const { chosen, at, tasks } = await page.evaluate(() => ({ chosen: window.__chosen, at: window.__shown, tasks: window.__longTasks }));
  previewed.push(at - chosen);
  const during = tasks.filter(([start]) => start >= chosen && start <= at).map(([, duration]) => duration);
  longest.push(during.length ? Math.max(...during) : 0);
  const summary = await page.getByTestId('import-summary').textContent();
  if (!summary.includes('factures à ajouter')) throw new Error(summary);
  await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((node) => node.textContent.startsWith('Importer '));
    window.__clicked = performance.now();
    button.click();
  });
  const done = await page.waitForFunction(
    () => [...document.querySelectorAll('[role="status"]')].some((node) => node.textContent.includes('factures importées')) && (window.__done ??= performance.now()),
    null, { polling: 'raf', timeout: 60000 });
  await done.dispose();
  imported.push(await page.evaluate(() => window.__done - window.__clicked));
  await context.close();
}
await browser.close();
server.stop();
console.log(`${rows} rows, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`);
console.log(`chosen → preview on screen: ${show(previewed)}`);
console.log(`longest task while checking: ${show(longest)}`);
console.log(`confirm → books changed, saved and reported: ${show(imported)}`);
