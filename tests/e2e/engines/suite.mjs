// Registers the engine flows (flows.mjs) as node:test tests for one engine: one browser for the
// file, each flow on its own origin. Timings and measurements are printed as test diagnostics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as flows from './flows.mjs';
import { LAUNCH } from './drivers.mjs';

/** WebKit's narrowest window (MiniBrowser refuses less); the other engines are held to it too. */
export const NARROWEST = 447;

export function engineSuite(engine) {
  let browser;
  before(async () => {
    browser = await LAUNCH[engine]();
  });
  after(async () => {
    await browser?.close();
  });

  test(`${engine}: first run shows the welcome screen, no script error`, () => flows.firstRun(browser));
  test(`${engine}: the Simulator's documented link, to the cent`, () => flows.simulatorLink(browser));
  test(`${engine}: a stored ledger reopens with its six invoices`, () => flows.storedLedger(browser));
  test(`${engine}: two tabs: a change saved in one appears in the other`, () => flows.twoTabs(browser));
  test(`${engine}: offline reload through the service worker`, async (t) => {
    const skipped = await flows.offlineReload(browser);
    if (skipped) t.skip(skipped);
  });
  test(`${engine}: storage unavailable: the app runs in memory and says so`, () => flows.storageUnavailable(browser));
  test(`${engine}: storage full: a refused save is said, the change kept in memory`, () => flows.storageFull(browser));
  test(`${engine}: a first visit fetches each file once (the main wasm too)`, async (t) => {
    const counts = await flows.firstVisitRequests(browser);
    t.diagnostic(`requests per file: ${JSON.stringify(counts)}`);
    const wasm = Object.keys(counts).filter((name) => /^relance-[0-9a-f]+_bg\.wasm$/.test(name));
    assert.equal(wasm.length, 1, 'the main wasm was fetched');
    const twice = Object.entries(counts).filter(([, count]) => count > 1);
    assert.deepEqual(twice, [], 'files fetched more than once');
  });
  test(`${engine}: at ${NARROWEST} px no page is wider than the window`, async (t) => {
    const found = await flows.overflowAt(browser, NARROWEST);
    const wide = Object.entries(found).filter(([, { scrollWidth, clientWidth }]) => scrollWidth > clientWidth);
    t.diagnostic(`scrollWidth at ${NARROWEST} px: ${Object.entries(found).map(([name, f]) => `${name} ${f.scrollWidth}`).join(', ')}`);
    assert.deepEqual(wide, [], 'pages wider than the window');
  });
  test(`${engine}: localStorage quota (measured for docs/browsers.md)`, async (t) => {
    const characters = await flows.localStorageQuota(browser);
    t.diagnostic(`localStorage takes ${characters} characters (keys + values) per origin`);
    assert.ok(characters > 1_000_000, `${characters} characters`);
  });
}
