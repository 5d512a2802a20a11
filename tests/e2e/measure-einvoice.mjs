// Times the import of 100 Factur-X PDFs of 100 KB each into empty books, against the release
// build in headless Chromium. Not a test: it prints figures for docs/performance.md (issue #23
// target: 100 PDFs of 100 KB read and previewed ≤ 2 s, with progress shown and the page
// responsive).
//
//   node tests/e2e/measure-einvoice.mjs [runs] [files]
//
// The PDFs are written here, each a one-page PDF whose catalog embeds `factur-x.xml` (in its
// EmbeddedFiles name tree and its /AF array, Flate-compressed, as Factur-X writers do) with a
// distinct invoice number and amount, taken from the committed CII fixture; an incompressible
// image brings each to 100 KB. Times are taken in the page: from the file input's `change`
// event to the preview's summary naming every invoice (all files read by the browser, their
// PDF and XML read eight at a time with a pause between, planned and drawn), and from the
// confirm button's click to the report. The longest main-thread task in between
// (PerformanceObserver `longtask`, over 50 ms only) says how long the page could not answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { serveDist, launchBrowser, openPage } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const count = Number(process.argv[3] ?? 100);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (values) =>
  `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}, n ${values.length})`;

const here = fileURLToPath(new URL('.', import.meta.url));
const template = readFileSync(join(here, '..', 'fixtures', 'einvoice', 'cii-invoice.xml'), 'utf8');

/** A deterministic stream of bytes that deflate cannot shrink (an image's noise). */
function noise(length, seed) {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/** A Factur-X-shaped PDF of about 100 KB embedding `xml`. */
function facturX(xml, seed) {
  const embedded = deflateSync(Buffer.from(xml, 'utf8'));
  const width = 200;
  const height = 165;
  const image = deflateSync(noise(width * height * 3, seed));
  const content = Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q\n');
  const objects = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(factur-x.xml) 5 0 R] >> >> /AF [5 0 R] >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 7 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Data /EF << /F 6 0 R /UF 6 0 R >> >>'),
    Buffer.concat([Buffer.from(`<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length ${embedded.length} >>\nstream\n`), embedded, Buffer.from('\nendstream')]),
    Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`), image, Buffer.from('\nendstream')]),
  ];
  const parts = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets = [];
  objects.forEach((body, index) => {
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(offset);
    parts.push(object);
    offset += object.length;
  });
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ']
    .concat(offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n `))
    .join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const files = Array.from({ length: count }, (_, index) => {
  const number = `FX-BENCH-${String(index + 1).padStart(3, '0')}`;
  const xml = template.replaceAll('FX-2026-009', number);
  return { name: `${number}.pdf`, mimeType: 'application/pdf', buffer: facturX(xml, index + 1) };
});
const totalKb = files.reduce((sum, file) => sum + file.buffer.length, 0) / 1024;

const server = await serveDist('relance');
const browser = await launchBrowser();
const previewed = [];
const imported = [];
const longest = [];
const label = 'Fichier CSV, ou factures électroniques (PDF, XML)';
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
  await page.getByLabel(label, { exact: true }).waitFor();
  await page.getByLabel(label, { exact: true }).setInputFiles(files);
  const expected = `${count} factures à ajouter`;
  const shown = await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="import-summary"]')?.textContent.includes(expected) && (window.__shown ??= performance.now()),
    expected, { polling: 'raf', timeout: 60000 });
  await shown.dispose();
  const { chosen, at, tasks } = await page.evaluate(() => ({ chosen: window.__chosen, at: window.__shown, tasks: window.__longTasks }));
  previewed.push(at - chosen);
  const during = tasks.filter(([start]) => start >= chosen && start <= at).map(([, duration]) => duration);
  longest.push(during.length ? Math.max(...during) : 0);
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
console.log(`${count} Factur-X PDFs, ${totalKb.toFixed(0)} KB in all (${(totalKb / count).toFixed(1)} KB each)`);
console.log(`chosen → preview on screen: ${show(previewed)}`);
console.log(`longest task while reading: ${show(longest)}`);
console.log(`confirm → books changed, saved and reported: ${show(imported)}`);
