// Installing Relance as an app (issue #19): the web app manifest as Chromium itself parses it
// (DevTools protocol), with an id, 192 px and 512 px PNG icons and a maskable one, each
// served; and no installability problem of the manifest or its icons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, assertClean } from './harness.mjs';

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

test('the manifest, as Chromium reads it, makes the app installable', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'fr-FR' });
  try {
    await page.goto(server.baseUrl);
    await page.locator('[data-testid="page-dashboard"]').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
    const cdp = await context.newCDPSession(page);
    const { url, errors, data } = await cdp.send('Page.getAppManifest');
    assert.ok(url.endsWith('/relance/manifest.webmanifest'), url);
    assert.deepEqual(errors, [], 'Chromium finds nothing wrong in the manifest');
    const manifest = JSON.parse(data);
    assert.equal(manifest.id, './');
    assert.equal(manifest.short_name, 'Relance');
    assert.equal(manifest.display, 'standalone');
    const icon = (size, purpose) =>
      manifest.icons.find((entry) => entry.sizes === `${size}x${size}` && entry.type === 'image/png' && entry.purpose === purpose);
    for (const [size, purpose] of [[192, 'any'], [512, 'any'], [512, 'maskable']]) {
      const entry = icon(size, purpose);
      assert.ok(entry, `a ${size} px ${purpose} PNG icon`);
      const response = await page.request.get(new URL(entry.src, url).href);
      assert.equal(response.status(), 200, entry.src);
      assert.equal(response.headers()['content-type'], 'image/png', entry.src);
      const bytes = await response.body();
      // The PNG header says the size the manifest announces.
      assert.equal(bytes.readUInt32BE(16), size, `${entry.src} width`);
      assert.equal(bytes.readUInt32BE(20), size, `${entry.src} height`);
    }
    // Installability: nothing about the manifest or its icons stands in the way (a test
    // browser's profile is incognito, which Chromium reports on its own).
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const ours = installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito');
    assert.deepEqual(ours, [], `installability: ${JSON.stringify(installabilityErrors)}`);
    assertClean(problems, 'install');
  } finally {
    await context.close();
  }
});
