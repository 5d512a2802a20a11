// The flows that matter most, run the same way in each engine (engines/drivers.mjs) against the
// release build served as static files: first run, the Simulator's documented link, a stored
// ledger reopened, two tabs, offline reload, storage refused (unavailable, and full), the main
// wasm fetched once, no horizontal overflow at 447 px (WebKit's narrowest window), and the
// localStorage quota (measured, for docs/browsers.md).
//
// WebDriver classic (WebKit) has no "init script" and no page-error events, so the served copy
// of index.html gets one extra classic script first in <head>, `e2e-probe.js` (same origin: the
// CSP allows it): it records uncaught errors, unhandled rejections, console errors and CSP
// violations in `window.__e2eErrors`, and with `?e2e-no-storage` in the URL makes
// `localStorage` throw as a sandboxed document's does; with `?e2e-no-worker` the service worker
// is not registered (to count the page's own requests). The same probe in every engine.
// Each flow serves its own copy on a new port: a new origin, hence empty storage.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, ledgerFixture } from '../harness.mjs';

const PROBE = `(() => {
  const errors = (window.__e2eErrors = []);
  addEventListener('error', (event) => {
    if (event instanceof ErrorEvent) errors.push('uncaught: ' + (event.error ? String(event.error) : event.message));
  });
  addEventListener('unhandledrejection', (event) => errors.push('unhandled rejection: ' + String(event.reason)));
  addEventListener('securitypolicyviolation', (event) => errors.push('CSP: ' + event.violatedDirective + ' ' + event.blockedURI));
  const consoleError = console.error;
  console.error = (...args) => { errors.push('console.error: ' + args.map(String).join(' ')); consoleError.apply(console, args); };
  if (location.search.includes('e2e-no-worker')) {
    navigator.serviceWorker.register = () => new Promise(() => {});
  }
  if (location.search.includes('e2e-no-storage')) {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The document is sandboxed', 'SecurityError'); },
    });
  }
})();
`;

/** A served copy of dist/ with the probe, and an empty same-origin page to write storage from. */
export async function serve(options) {
  const server = await serveDist('relance', options);
  writeFileSync(join(server.appDir, 'e2e-probe.js'), PROBE);
  writeFileSync(join(server.appDir, 'e2e-blank.html'), '<!DOCTYPE html><title>blank</title>');
  const index = join(server.appDir, 'index.html');
  const html = readFileSync(index, 'utf8');
  // After the CSP <meta> (first in <head>), before any other script.
  const withProbe = html.replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/, '$1\n<script src="./e2e-probe.js"></script>');
  assert.notEqual(withProbe, html, 'index.html has its CSP <meta>');
  writeFileSync(index, withProbe);
  return server;
}

/** Polls `fn(...args)` in the page until it returns a truthy value; returns it. */
export async function waitFor(page, what, fn, args = [], timeoutMs = 30000) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await page.evaluate(fn, ...args);
      if (last) return last;
    } catch (error) {
      last = error; // the page is navigating
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asserts that the probe saw no uncaught error, rejection, console error or CSP violation. */
export async function assertNoError(page, where) {
  const errors = await page.evaluate(() => window.__e2eErrors ?? ['the probe did not run']);
  assert.deepEqual(errors, [], `script errors on ${where}`);
}

const testid = (id) => `[data-testid="${id}"]`;
const exists = (selector) => document.querySelector(selector) !== null;
const attribute = (selector, name) => document.querySelector(selector)?.getAttribute(name) ?? null;
const h1 = () => document.querySelector('h1')?.textContent.trim() ?? '';

/** Clicks the button whose visible text matches `pattern` (source, flags). */
const clickButton = (pattern, flags) => {
  const re = new RegExp(pattern, flags);
  const button = [...document.querySelectorAll('button')].find((b) => re.test(b.textContent));
  if (!button) return false;
  button.click();
  return true;
};

/** Types `text` into the field labelled exactly `label` (as a person would: input + change). */
const fillLabelled = (labels, text) => {
  const label = [...document.querySelectorAll('label')].find((l) => labels.includes(l.textContent.trim()));
  const field = label?.control ?? null;
  if (!field) return false;
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value').set;
  setter.call(field, text);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
};

export const DOCUMENTED_LINK =
  '#/simulator?regime=fr-b2b&principal=1500.00&currency=EUR&due=2024-01-31&until=2024-09-30&pay=2024-03-15:500.00&pay=2024-06-01:250.00';

async function withServer(options, body) {
  const server = await serve(options);
  try {
    return await body(server);
  } finally {
    server.stop();
  }
}

/** Writes `entries` into the storage of `server`'s origin from a page that is not the app. */
async function store(page, server, entries) {
  await page.goto(server.baseUrl + 'e2e-blank.html');
  await page.evaluate((stored) => {
    for (const [key, text] of Object.entries(stored)) localStorage.setItem(key, text);
  }, entries);
}

export async function firstRun(browser) {
  await withServer(undefined, async (server) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.baseUrl);
      const heading = await waitFor(page, 'the first-run heading', (text) => {
        const shown = document.querySelector('h1')?.textContent.trim() ?? '';
        return text.includes(shown) && shown;
      }, [['Bienvenue dans Relance', 'Welcome to Relance']]);
      assert.ok(heading);
      await assertNoError(page, 'the first run');
    } finally {
      await page.close();
    }
  });
}

export async function simulatorLink(browser) {
  await withServer(undefined, async (server) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.baseUrl + DOCUMENTED_LINK);
      await waitFor(page, 'the interest', exists, [testid('sim-interest')]);
      // fr-b2b: 26.22 + 30.99 + 8.64 + 26.94 = 92.79 (tests/e2e/simulator.test.mjs, by hand).
      const periods = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="sim-period"]')].map((row) => `${row.dataset.start}..${row.dataset.end} ${row.dataset.days} d ${row.dataset.rate} % on ${row.dataset.base}: ${row.dataset.interest}`));
      assert.deepEqual(periods, [
        '2024-02-01..2024-03-15 44 d 14.50 % on 1500.00: 26.22',
        '2024-03-16..2024-06-01 78 d 14.50 % on 1000.00: 30.99',
        '2024-06-02..2024-06-30 29 d 14.50 % on 750.00: 8.64',
        '2024-07-01..2024-09-30 92 d 14.25 % on 750.00: 26.94',
      ]);
      assert.equal(await page.evaluate(attribute, testid('sim-interest'), 'data-value'), '92.79');
      assert.equal(await page.evaluate(attribute, testid('sim-compensation'), 'data-value'), '40.00');
      assert.equal(await page.evaluate(attribute, testid('sim-total'), 'data-value'), '132.79');
      assert.equal(await page.evaluate(attribute, testid('sim-balance-due'), 'data-value'), '882.79');
      await assertNoError(page, 'the Simulator');
    } finally {
      await page.close();
    }
  });
}

export async function storedLedger(browser) {
  await withServer(undefined, async (server) => {
    const page = await browser.newPage();
    try {
      await store(page, server, ledgerFixture());
      await page.goto(server.baseUrl);
      await waitFor(page, 'the books', attribute, [testid('books-summary'), 'data-invoices']);
      assert.equal(await page.evaluate(attribute, testid('books-summary'), 'data-invoices'), '6');
      await page.goto(server.baseUrl + '#/invoices');
      const numbers = await waitFor(page, "the fixture's invoices listed", () => {
        const found = document.body.textContent.match(/F-2025-001\d\d/g) ?? [];
        return found.length >= 6 && [...new Set(found)].sort().join(' ');
      });
      assert.equal(numbers, 'F-2025-00121 F-2025-00122 F-2025-00123 F-2025-00124 F-2025-00125 F-2025-00126');
      await assertNoError(page, 'the stored ledger');
    } finally {
      await page.close();
    }
  });
}

const NOTES = ['Notes'];
const SAVE = '^(Enregistrer les modifications|Save the changes)$';
const SAVED = /Facture enregistrée|Invoice saved/;

export async function twoTabs(browser) {
  await withServer(undefined, async (server) => {
    const first = await browser.newPage();
    const second = await browser.newPage();
    try {
      await store(first, server, ledgerFixture());
      for (const tab of [first, second]) {
        await tab.goto(server.baseUrl);
        await waitFor(tab, 'the books', attribute, [testid('books-summary'), 'data-invoices']);
      }
      // The second tab will show that it was never reloaded.
      await second.evaluate(() => { window.__sameDocument = true; });
      const note = `Changed in the first tab ${Date.now()}`;
      await first.goto(server.baseUrl + '#/invoices/13/edit');
      await waitFor(first, 'the Notes field', (labels) => labels && document.querySelector('label') !== null
        && [...document.querySelectorAll('label')].some((l) => labels.includes(l.textContent.trim()) && l.control), [NOTES]);
      assert.ok(await first.evaluate(fillLabelled, NOTES, note));
      await waitFor(first, 'the save button', clickButton, [SAVE, '']);
      await waitFor(first, 'the saved notice', (source) => new RegExp(source).test(document.body.textContent), [SAVED.source]);
      // The second tab, never reloaded, opens the same invoice: the first tab's change is there.
      await second.evaluate(() => { location.hash = '#/invoices/13/edit'; });
      const seen = await waitFor(second, "the first tab's note", (labels, expected) => {
        const label = [...document.querySelectorAll('label')].find((l) => labels.includes(l.textContent.trim()));
        return label?.control?.value === expected && label.control.value;
      }, [NOTES, note]);
      assert.equal(seen, note);
      assert.equal(await second.evaluate(() => window.__sameDocument === true), true, 'the second tab was not reloaded');
      await assertNoError(first, 'the first tab');
      await assertNoError(second, 'the second tab');
    } finally {
      await second.close();
      await first.close();
    }
  });
}

/**
 * Offline reload: after a first visit the service worker serves the app with the server gone.
 * Returns a reason to skip when the engine offers no service worker to this page.
 */
export async function offlineReload(browser) {
  return withServer(undefined, async (server) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.baseUrl);
      await waitFor(page, 'the dashboard', exists, [testid('page-dashboard')]);
      const support = await page.evaluate(() => ({ serviceWorker: 'serviceWorker' in navigator, secure: window.isSecureContext, caches: typeof caches }));
      if (!support.serviceWorker) {
        return `no navigator.serviceWorker in this engine's page (isSecureContext ${support.secure}, caches ${support.caches})`;
      }
      await waitFor(page, 'the service worker in control', () => navigator.serviceWorker.controller !== null);
      // The probe is not part of the build: put it in the worker's cache, or offline it is missing.
      await page.evaluate(async () => {
        const name = (await caches.keys()).find((key) => key.startsWith('relance-'));
        await (await caches.open(name)).add('./e2e-probe.js');
      });
      await assertNoError(page, 'the first visit');
      server.stop(); // the network is gone: nothing answers on that port any more
      await page.reload();
      await waitFor(page, 'the dashboard, offline', exists, [testid('page-dashboard')]);
      await page.goto(server.baseUrl + DOCUMENTED_LINK);
      await waitFor(page, 'the interest, offline', exists, [testid('sim-interest')]);
      assert.equal(await page.evaluate(attribute, testid('sim-interest'), 'data-value'), '92.79');
      await assertNoError(page, 'the app offline');
      return null;
    } finally {
      await page.close();
    }
  });
}

/** Storage unavailable (a sandboxed document: localStorage throws): the app runs in memory. */
export async function storageUnavailable(browser) {
  await withServer(undefined, async (server) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.baseUrl + '?e2e-no-storage');
      await waitFor(page, 'the memory-only banner', exists, [testid('memory-only-banner')]);
      await page.evaluate(() => { location.hash = '#/simulator'; });
      await waitFor(page, 'the Simulator', exists, [testid('page-simulator')]);
      await assertNoError(page, 'the app without storage');
    } finally {
      await page.close();
    }
  });
}

/** Fills localStorage until it refuses even 16 characters; returns the characters stored. */
const fill = () => {
  let size = 1 << 20;
  let index = 0;
  let stored = 0;
  while (size >= 16) {
    try {
      localStorage.setItem(`test-filler.${index}`, 'x'.repeat(size));
      stored += size + `test-filler.${index}`.length;
      index += 1;
    } catch {
      size = Math.floor(size / 2);
    }
  }
  return stored;
};

/** Storage full (the engine's own refusal): loading the demo is refused, said, and kept in memory. */
export async function storageFull(browser) {
  await withServer(undefined, async (server) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.baseUrl);
      await waitFor(page, 'the first-run heading', h1);
      await page.evaluate(fill);
      await waitFor(page, 'the demo button', clickButton, ['^(Charger les données de démonstration|Load demo data)$', '']);
      await waitFor(page, 'the not-saved banner', exists, [testid('unsaved-banner')]);
      assert.equal(await page.evaluate(attribute, testid('books-summary'), 'data-invoices'), '26', 'the demo is in memory');
      await assertNoError(page, 'the app with storage full');
    } finally {
      await page.close();
    }
  });
}

/**
 * The most characters (keys + values) this engine's localStorage takes for one origin: filled
 * with values halved on each refusal down to one character, then emptied. Run on a blank page
 * of a fresh origin.
 */
export async function localStorageQuota(browser) {
  return withServer(undefined, async (server) => {
    const page = await browser.newPage();
    try {
      await page.goto(server.baseUrl + 'e2e-blank.html');
      return await page.evaluate(() => {
        let size = 1 << 20;
        let index = 0;
        let stored = 0;
        while (size >= 1) {
          const key = `q${index}`;
          try {
            localStorage.setItem(key, 'x'.repeat(size));
            stored += size + key.length;
            index += 1;
          } catch {
            size = Math.floor(size / 2);
          }
        }
        localStorage.clear();
        return stored;
      });
    } finally {
      await page.close();
    }
  });
}

/**
 * A first visit's own requests, as the server saw them: { file name → number of requests } for
 * the app's files (the probe and blank page left out). The service worker is not registered
 * (`?e2e-no-worker`): its install fetches every file of the build once more, by design.
 */
export async function firstVisitRequests(browser) {
  return withServer({ countRequests: true }, async (server) => {
    const page = await browser.newPage();
    try {
      // (The harness asked for index.html once, to know the server was up.)
      await new Promise((resolve) => setTimeout(resolve, 300));
      const from = server.served.length;
      await page.goto(server.baseUrl + '?e2e-no-worker');
      await waitFor(page, 'the first-run heading', h1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await assertNoError(page, 'the first visit');
      const counts = {};
      for (const { path } of server.served.slice(from)) {
        const name = path.split('/').pop() || 'index.html';
        if (!name.startsWith('e2e-')) counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    } finally {
      await page.close();
    }
  });
}

/**
 * At `width`, every page fits the window: no horizontal scroll. Returns the offenders if not:
 * the elements whose right edge passes the window's, by page.
 */
export async function overflowAt(browser, width) {
  return withServer(undefined, async (server) => {
    const page = await browser.newPage({ width, height: 900 });
    try {
      const found = {};
      const pages = [['first run', ''], ['Simulator', DOCUMENTED_LINK]];
      for (const [name, hash] of pages) {
        await page.goto(server.baseUrl + hash);
        await waitFor(page, name, () => document.querySelector('#main > *') !== null);
        await new Promise((resolve) => setTimeout(resolve, 300));
        found[name] = await page.evaluate(() => {
          const root = document.documentElement;
          const offenders = [];
          for (const element of document.body.querySelectorAll('*')) {
            const right = element.getBoundingClientRect().right;
            if (right > root.clientWidth + 0.5) {
              offenders.push(`${element.tagName.toLowerCase()}${element.className ? '.' + String(element.className).split(' ').join('.') : ''} right=${right.toFixed(1)}`);
            }
          }
          return { innerWidth, clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, offenders: offenders.slice(0, 8) };
        });
      }
      await store(page, server, ledgerFixture());
      for (const [name, hash] of [['dashboard with books', ''], ['invoices', '#/invoices'], ['settings', '#/settings']]) {
        await page.goto(server.baseUrl + hash);
        await waitFor(page, name, () => document.querySelector('#main > [data-testid^="page-"]') !== null);
        await new Promise((resolve) => setTimeout(resolve, 500));
        found[name] = await page.evaluate(() => {
          const root = document.documentElement;
          const offenders = [];
          for (const element of document.body.querySelectorAll('*')) {
            const right = element.getBoundingClientRect().right;
            if (right > root.clientWidth + 0.5) {
              offenders.push(`${element.tagName.toLowerCase()}${element.className ? '.' + String(element.className).split(' ').join('.') : ''} right=${right.toFixed(1)}`);
            }
          }
          return { innerWidth, clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, offenders: offenders.slice(0, 8) };
        });
      }
      return found;
    } finally {
      await page.close();
    }
  });
}
