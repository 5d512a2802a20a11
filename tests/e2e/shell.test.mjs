// The app shell, end to end against the release build served from a sub-path:
// every route opens by deep link, navigation works, the language switch persists, the console
// stays clean and no request leaves the app's origin. Screenshots of every page at 360 px and
// 1440 px, in French and English, land in tests/e2e/screenshots/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshotPath, assertClean } from './harness.mjs';

const ROUTES = [
  { hash: '#/', testid: 'page-dashboard', slug: 'dashboard' },
  { hash: '#/invoices', testid: 'page-invoices', slug: 'invoices' },
  { hash: '#/clients', testid: 'page-clients', slug: 'clients' },
  { hash: '#/simulator', testid: 'page-simulator', slug: 'simulator' },
  { hash: '#/letters', testid: 'page-letters', slug: 'letters' },
  { hash: '#/settings', testid: 'page-settings', slug: 'settings' },
  { hash: '#/no-such-page', testid: 'page-not-found', slug: 'not-found' },
];

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

for (const width of [360, 1440]) {
  for (const locale of ['fr-FR', 'en-GB']) {
    test(`every route opens by deep link at ${width} px (${locale})`, async () => {
      const { context, page, problems } = await openPage(browser, { origin: server.origin, width, locale });
      try {
        for (const route of ROUTES) {
          // A fresh document each time: a deep link, not a hash change within the page.
          await page.goto('about:blank');
          await page.goto(server.baseUrl + route.hash);
          await page.locator(`[data-testid="${route.testid}"]`).waitFor();
          const h1 = (await page.locator('main h1').textContent()).trim();
          assert.ok(h1.length > 0, `${route.hash} has a title`);
          const lang = await page.locator('html').getAttribute('lang');
          assert.equal(lang, locale.slice(0, 2), 'first visit follows the browser language');
          // Every navigation entry is on screen, not clipped or scrolled away.
          for (const box of await page.locator('.app-nav a').evaluateAll((links) => links.map((link) => {
            const rect = link.getBoundingClientRect();
            return { left: rect.left, right: rect.right, text: link.textContent };
          }))) {
            assert.ok(box.left >= 0 && box.right <= width, `nav entry ${box.text} is off screen at ${width}px`);
          }
          // Nothing may overflow sideways on a phone.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${route.hash} overflows by ${overflow}px at ${width}px`);
          await page.screenshot({ path: screenshotPath(`${route.slug}-${width}-${locale.slice(0, 2)}`), fullPage: true });
        }
        assertClean(problems, `deep links at ${width}px`, { failedRequests: true });
      } finally {
        await context.close();
      }
    });
  }
}

test('navigation moves between pages and the back button returns', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin });
  try {
    await page.goto(server.baseUrl);
    await page.locator('[data-testid="page-dashboard"]').waitFor();
    for (const route of ROUTES.slice(1, 6)) {
      await page.locator(`[data-testid="nav-${route.slug}"]`).click();
      await page.locator(`[data-testid="${route.testid}"]`).waitFor();
      assert.ok(page.url().endsWith(route.hash), `URL is ${page.url()}`);
      assert.equal(await page.locator(`[data-testid="nav-${route.slug}"]`).getAttribute('aria-current'), 'page');
    }
    await page.goBack();
    await page.locator('[data-testid="page-letters"]').waitFor();
    await page.goto(server.baseUrl + '#/nowhere');
    await page.locator('[data-testid="page-not-found"]').waitFor();
    await page.locator('[data-testid="page-not-found"] a').click();
    await page.locator('[data-testid="page-dashboard"]').waitFor();
    assertClean(problems, 'navigation', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('the Simulator and Settings are lazy chunks: the dashboard starts without them', async () => {
  // Service workers blocked: the worker would fetch every chunk for the offline cache after
  // start, and this test is about what the pages themselves ask for.
  const { context, page, problems } = await openPage(browser, { origin: server.origin, serviceWorkers: 'block' });
  try {
    const wasm = [];
    page.on('request', (request) => {
      const name = new URL(request.url()).pathname.split('/').pop();
      if (name.endsWith('.wasm')) wasm.push(name);
    });
    await page.goto(server.baseUrl);
    await page.locator('[data-testid="page-dashboard"]').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(wasm.length, 1, `the dashboard fetched ${wasm.join(', ')}`);
    // Trunk writes its hash in hex without leading zeros: 16 digits or fewer.
    assert.match(wasm[0], /^relance-[0-9a-f]{1,16}_bg\.wasm$/);
    await page.locator('[data-testid="nav-simulator"]').click();
    await page.locator('[data-testid="page-simulator"]').waitFor();
    assert.ok(wasm.some((name) => name.startsWith('split_simulator_view')), `fetched ${wasm.join(', ')}`);
    assert.ok(!wasm.some((name) => name.startsWith('split_settings_view')), 'Settings fetched too early');
    await page.locator('[data-testid="nav-settings"]').click();
    await page.locator('[data-testid="page-settings"]').waitFor();
    assert.ok(wasm.some((name) => name.startsWith('split_settings_view')), `fetched ${wasm.join(', ')}`);
    assertClean(problems, 'lazy pages', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('the language switch applies at once and is remembered across reloads', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.locator('[data-testid="page-settings"]').waitFor();
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Réglages');
    await page.locator('[data-testid="lang-en"]').click();
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Settings');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.reload();
    await page.locator('[data-testid="page-settings"]').waitFor();
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Settings');
    assert.equal(await page.locator('[data-testid="lang-en"]').getAttribute('aria-pressed'), 'true');
    assertClean(problems, 'language switch', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('the shipped page carries a strict Content-Security-Policy and no inline script', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin });
  try {
    await page.goto(server.baseUrl);
    await page.locator('[data-testid="page-dashboard"]').waitFor();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.match(csp, /connect-src 'self'/);
    const inlineScripts = await page.evaluate(() =>
      [...document.querySelectorAll('script')].filter((script) => !script.src && script.textContent.trim()).length);
    assert.equal(inlineScripts, 0);
    assertClean(problems, 'CSP check', { failedRequests: true });
  } finally {
    await context.close();
  }
});

test('"erase all data on this device" asks first, then removes every key of the app and only those', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.locator('[data-testid="page-settings"]').waitFor();
    await page.locator('[data-testid="lang-en"]').click();
    await page.evaluate(() => {
      localStorage.setItem('relance.rates.quarantine.1', 'kept until erased');
      localStorage.setItem('another-app.data', 'not ours');
    });
    await page.locator('[data-testid="erase-start"]').click();
    await page.locator('[data-testid="erase-cancel"]').click();
    assert.equal(await page.evaluate(() => localStorage.getItem('relance.lang')), 'en', 'cancel erases nothing');
    await page.locator('[data-testid="erase-start"]').click();
    await page.screenshot({ path: screenshotPath('settings-erase-confirm-1440-en'), fullPage: true });
    await Promise.all([page.waitForEvent('load'), page.locator('[data-testid="erase-confirm"]').click()]);
    await page.locator('[data-testid="page-settings"]').waitFor();
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.deepEqual(keys, ['another-app.data']);
    assertClean(problems, 'erase', { failedRequests: true });
  } finally {
    await context.close();
  }
});
