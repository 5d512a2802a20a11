#!/usr/bin/env node
// Measures what a first visit downloads from the release build in dist/: index.html, every
// local file it references (the loader, the wasm-bindgen JS, the wasm, the CSS, the icon), and
// every other file of the build, since the service worker fetches them all to work offline;
// raw, gzip (level 9) and brotli (quality 11), as a static host would serve them.
//
//   node scripts/measure-size.mjs            print the table
//   node scripts/measure-size.mjs --check    also fail when the gzip total exceeds the budget
//   node scripts/measure-size.mjs --markdown print a Markdown table (for docs/performance.md)
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

// Budgets for a first visit, in bytes of gzip (docs/performance.md, "First visit"):
// - RATCHET: the size of the app as it stands, rounded up. --check fails above it, so the
//   first visit never grows by accident; lower it whenever a change makes the app smaller.
//   Today's app is over the target below: the Simulator and Settings share the one wasm with
//   the shell, and the fix (splitting the wasm into lazily loaded chunks) is planned work.
// - TARGET: the whole-app budget of the style guide (half of the best-known browser-only
//   invoicing app's 326 KB): --check warns above it until it is met.
const BUDGET_GZIP = 240 * 1024;
const TARGET_GZIP = 163 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const files = new Set(['index.html']);
const addReference = (reference) => {
  if (/^(https?:)?\/\//.test(reference) || reference.startsWith('data:')) {
    throw new Error(`index.html references another origin: ${reference}`);
  }
  files.add(reference.replace(/^\.\//, '').replace(/^\//, ''));
};
for (const [, reference] of html.matchAll(/\s(?:href|src)="([^"#]+)"/g)) addReference(reference);
// The loader script imports the wasm-bindgen JS and fetches the wasm: follow it.
for (const file of [...files].filter((name) => name.startsWith('boot-') && name.endsWith('.js'))) {
  const text = readFileSync(join(dist, file), 'utf8');
  for (const [, reference] of text.matchAll(/['"]\.\/([\w.-]+\.(?:js|wasm))['"]/g)) addReference(reference);
}

// The service worker precaches the whole build: count every file of dist/.
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
const total = rows.reduce((sum, row) => ({
  raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli,
}), { raw: 0, gzip: 0, brotli: 0 });

const kb = (bytes) => (bytes / 1024).toFixed(1);
const display = (name) => name.replace(/-[0-9a-f]{16}(?=[._])/, '-[hash]');
if (process.argv.includes('--markdown')) {
  console.log('| file | raw KB | gzip KB | brotli KB |\n|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${display(row.name)} | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} |`);
  console.log(`| **total** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** |`);
} else {
  for (const row of rows) {
    console.log(`${display(row.name).padEnd(36)} raw ${kb(row.raw).padStart(7)} KB  gzip ${kb(row.gzip).padStart(6)} KB  brotli ${kb(row.brotli).padStart(6)} KB`);
  }
  console.log(`${'total (first visit)'.padEnd(36)} raw ${kb(total.raw).padStart(7)} KB  gzip ${kb(total.gzip).padStart(6)} KB  brotli ${kb(total.brotli).padStart(6)} KB`);
  console.log(`ratchet: ${kb(BUDGET_GZIP)} KB gzip; whole-app target: ${kb(TARGET_GZIP)} KB gzip`);
}
if (process.argv.includes('--check')) {
  if (total.gzip > BUDGET_GZIP) {
    console.error(`First visit is ${kb(total.gzip)} KB gzip, over the ${kb(BUDGET_GZIP)} KB budget.`);
    process.exit(1);
  }
  if (total.gzip > TARGET_GZIP) {
    console.warn(`warning: first visit is ${kb(total.gzip)} KB gzip, over the ${kb(TARGET_GZIP)} KB whole-app target (see docs/performance.md).`);
  }
}
