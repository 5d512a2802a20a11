// Accessibility, as a newcomer meets the app: every page, empty and with the demo-like fixture
// ledger, in French and English, checked by axe-core (WCAG 2.1 A/AA and best practices).
import { test, before, after } from 'node:test';
import { serveDist, launchBrowser, openPage, openWithStorage, ledgerFixture, assertAccessible, assertClean } from './harness.mjs';

const PAGES = [
  ['#/', 'page-dashboard'],
  ['#/invoices', 'page-invoices'],
  ['#/invoices/new', 'page-invoices'],
  ['#/clients', 'page-clients'],
  ['#/clients/new', 'page-clients'],
  ['#/simulator', 'page-simulator'],
  ['#/simulator?regime=fr-b2b&principal=1500.00&currency=EUR&due=2024-01-31&until=2024-09-30&pay=2024-03-15:500.00', 'page-simulator'],
  ['#/letters', 'page-letters'],
  ['#/settings', 'page-settings'],
  ['#/no-such-page', 'page-not-found'],
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

async function checkEveryPage(page, locale, label) {
  for (const [hash, testid] of PAGES) {
    await page.goto('about:blank');
    await page.goto(server.baseUrl + hash);
    await page.locator(`[data-testid="${testid}"]`).first().waitFor();
    await assertAccessible(page, `${hash} (${locale}, ${label})`);
  }
}

for (const locale of ['fr-FR', 'en-GB']) {
  test(`axe finds no violation on any page, nothing stored (${locale})`, async () => {
    const { context, page, problems } = await openPage(browser, { origin: server.origin, locale });
    try {
      await checkEveryPage(page, locale, 'empty');
      assertClean(problems, `a11y ${locale}`);
    } finally {
      await context.close();
    }
  });

  test(`axe finds no violation on any page with stored books (${locale})`, async () => {
    const { context, page, problems } = await openWithStorage(browser, server, ledgerFixture(), { locale });
    try {
      await checkEveryPage(page, locale, 'with books');
      for (const hash of ['#/clients/1', '#/invoices/13/edit']) {
        await page.goto('about:blank');
        await page.goto(server.baseUrl + hash);
        await page.locator('main h1').first().waitFor();
        await assertAccessible(page, `${hash} (${locale}, with books)`);
      }
      assertClean(problems, `a11y ${locale} with books`);
    } finally {
      await context.close();
    }
  });
}
