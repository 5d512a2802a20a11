#!/usr/bin/env node
// Measures what a visit downloads from the release build in dist/, raw, gzip (level 9) and
// brotli (quality 11), as a static host would serve them, in two parts:
// - the critical path: index.html and every local file it references, followed through the
//   scripts (the loader, the wasm-bindgen JS, the core wasm, the split loader, the CSS, the
//   icon, the manifest): what must arrive before the app is usable;
// - the rest of the build: the lazily loaded wasm chunks (Simulator, Settings, …), which the
//   split loader fetches only when their page opens, and the files the service worker adds to
//   its offline cache once the app has started (sw-register.js runs after the wasm started).
//
//   node scripts/measure-size.mjs            print the table
//   node scripts/measure-size.mjs --check    also fail when a budget below is exceeded
//   node scripts/measure-size.mjs --markdown print a Markdown table (for docs/performance.md)
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

// Budgets in bytes of gzip (docs/performance.md, "First visit"):
// - CRITICAL_GZIP: the style guide's whole-app budget for what a first visit needs before the
//   dashboard is usable (half of the best-known browser-only invoicing app's 326 KB).
// - TOTAL_RATCHET: everything the build holds, chunks included (what the service worker caches
//   for offline use after start). A ratchet: the size as it stands, rounded up, so the app
//   never grows by accident; lower it whenever a change makes the app smaller. Raised on
//   purpose from 280 to 475 KB in session 3 (issue #5): the stored ledger's decoder, the
//   backup file, merge with its conflict report, the recovery screen and Settings → your
//   data (all in lazy chunks, none on a first visit's critical path); then to 485 KB for the
//   decoder's fast path (load of 10,000 invoices 305 -> 202 ms in Chromium, +11 KB gzip);
//   then to 555 KB in session 4 for encryption at rest in the app (Argon2id, AES-256-GCM,
//   the unlock screen, Settings → encryption, encrypted backups: +65 KB gzip, in lazy chunks
//   but for ~8 KB of texts and the vault on the critical path); then to 565 KB in session 5
//   (tab-safe rates with their three-way merge, the passphrase change that re-encrypts, the
//   persistent-storage request, quarantine by move: all in lazy chunks; the JS is minified
//   since, which took 4 KB off); lowered to 564 KB in session 6 (issue #17, the restructuring:
//   563.8 KB measured; shared components cost a little, one ConfirmedAction for three copies
//   saved more); then raised on purpose to 772 KB in the same session for the invoices and
//   clients pages (issue #18: two lazy chunks and their stylesheet, +207 KB gzip with the invoice
//   page's payments and status actions, none of it on the critical path: 161.7 KB); then to
//   789 KB for edits merged across tabs (the conflict shown beside each field, in the invoices
//   and clients chunks: 771.1 -> 788.6 KB measured; first visit 161.6 KB), with in parallel
//   +8.2 KB for the invoice page's interest to date (the engine, now used by the invoices and
//   the Simulator, moved to a shared lazy chunk; the core's code is unchanged, its function
//   table +107 bytes raw); then, with payment plans on the invoice's and the client's pages (+26.2 KB gzip
//   in two lazy chunks and a shared one), credit notes and the contact log (+23 KB), the
//   demo books, the dashboard proper (+45 KB chunk, +16 KB of chunks shared with the other
//   pages) and the user's settings (+38 KB in the Settings chunk), to 995 KB (session 7:
//   991.8 KB measured, all of it lazy; first visit 160.9 KB, the merged rate tables taken out
//   of the core), then to 1000 KB with the PNG icons of the install (192, 512, maskable 512:
//   7 KB, fetched by the browser only to install); lowered to 965 KB in session 8 when the 69
//   shared chunks of the decoder and the dashboard became one module (997.6 -> 962.9 KB: one
//   module compresses better than 69; issue #19); then raised on purpose to 1075 KB for the
//   reminder letters (issue #20: the Letters page 34 KB, the letter domain, layout and default
//   words in shared chunks, the letterhead and the template editor with its live preview in
//   Settings +36 KB; 1070.7 KB measured, all of it lazy; first visit 159.3 KB); then to 1100 KB
//   for the letterhead's logo and the CSV exports of every table (issue #21, export half: the
//   tables in shared lazy chunks, +21 KB; 1095.9 KB measured; first visit 160.8 KB, of which
//   the error screen of a wasm trap, issue #22, in the loader); then to 1105 KB for the review's
//   fixes of the letters (the regime-following legal sentences, `{legal.running}`, the refused
//   deadlines, the Letters page's settings made once per client: 1101.8 KB measured). The
//   invoices chunk (137 KB gzip) is the next
//   place to look for savings.
const CRITICAL_GZIP = 163 * 1024;
const TOTAL_RATCHET = 1315 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const critical = new Set(['index.html']);
const addReference = (reference, from) => {
  if (/^(https?:)?\/\//.test(reference) || reference.startsWith('data:')) {
    throw new Error(`${from} references another origin: ${reference}`);
  }
  critical.add(reference.replace(/^\.\//, '').replace(/^\//, ''));
};
for (const [, reference] of html.matchAll(/\s(?:href|src)="([^"#]+)"/g)) addReference(reference, 'index.html');
// Follow the scripts: the loader imports the wasm-bindgen JS and fetches the core wasm; the glue
// imports the split loader. The split loader's own references are the lazy chunks: not followed.
const followed = new Set();
for (let more = true; more;) {
  more = false;
  for (const file of [...critical].filter((name) => name.endsWith('.js') && !followed.has(name))) {
    followed.add(file);
    more = true;
    if (file.startsWith('__wasm_split')) continue;
    const text = readFileSync(join(dist, file), 'utf8');
    // (Names that are not files, such as wasm-bindgen's import-object keys, are not fetches.)
    for (const [, reference] of text.matchAll(/['"]\.\/([\w.-]+\.(?:js|wasm))['"]/g)) {
      // The service worker is registered once the app has started (sw-register.js): later.
      if (reference !== 'sw.js' && existsSync(join(dist, reference))) addReference(reference, file);
    }
  }
}
const files = new Set(critical);
for (const name of readdirSync(dist)) {
  if (!name.startsWith('.') && statSync(join(dist, name)).isFile()) files.add(name);
}

const rows = [...files].sort().map((name) => {
  const path = join(dist, name);
  if (!existsSync(path)) throw new Error(`index.html references ${name}, which is not in dist/`);
  const bytes = readFileSync(path);
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const sum = (list) => list.reduce((acc, row) => ({
  raw: acc.raw + row.raw, gzip: acc.gzip + row.gzip, brotli: acc.brotli + row.brotli,
}), { raw: 0, gzip: 0, brotli: 0 });
const criticalRows = rows.filter((row) => critical.has(row.name));
const laterRows = rows.filter((row) => !critical.has(row.name));
const firstVisit = sum(criticalRows);
const later = sum(laterRows);
const total = sum(rows);

const kb = (bytes) => (bytes / 1024).toFixed(1);
const display = (name) => name.replace(/_\d{6,}(?=-)/, '').replace(/-[0-9a-f]{12,16}(?=[._])/, '-[hash]');
const parts = [
  ['critical path (first visit, before the app is usable)', criticalRows, firstVisit],
  ['later (lazy pages on first use; offline cache after start)', laterRows, later],
];
if (process.argv.includes('--markdown')) {
  console.log('| file | raw KB | gzip KB | brotli KB |\n|---|---:|---:|---:|');
  for (const [title, list, subtotal] of parts) {
    console.log(`| *${title}* | | | |`);
    for (const row of list) console.log(`| ${display(row.name)} | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} |`);
    console.log(`| **subtotal** | **${kb(subtotal.raw)}** | **${kb(subtotal.gzip)}** | **${kb(subtotal.brotli)}** |`);
  }
  console.log(`| **whole build** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** |`);
} else {
  const line = (label, size) => `${label.padEnd(40)} raw ${kb(size.raw).padStart(7)} KB  gzip ${kb(size.gzip).padStart(6)} KB  brotli ${kb(size.brotli).padStart(6)} KB`;
  for (const [title, list, subtotal] of parts) {
    console.log(`${title}:`);
    for (const row of list) console.log(line(`  ${display(row.name)}`, row));
    console.log(line('  subtotal', subtotal));
  }
  console.log(line('whole build', total));
  console.log(`budgets: critical path ${kb(CRITICAL_GZIP)} KB gzip; whole build (ratchet) ${kb(TOTAL_RATCHET)} KB gzip`);
}
if (process.argv.includes('--check')) {
  let failed = false;
  if (firstVisit.gzip > CRITICAL_GZIP) {
    console.error(`The critical path is ${kb(firstVisit.gzip)} KB gzip, over the ${kb(CRITICAL_GZIP)} KB budget: keep what a first visit does not need in a lazy chunk (docs/performance.md).`);
    failed = true;
  }
  if (total.gzip > TOTAL_RATCHET) {
    console.error(`The whole build is ${kb(total.gzip)} KB gzip, over its ${kb(TOTAL_RATCHET)} KB ratchet.`);
    failed = true;
  }
  if (failed) process.exit(1);
}
