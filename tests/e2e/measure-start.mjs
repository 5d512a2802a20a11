// Measures how long the dashboard takes to become interactive after navigation, on a first
// visit (empty cache, everything from the network) and on a repeat visit (from the service
// worker's cache), against the release build served from a sub-path. Not a test: it prints
// figures for docs/performance.md.
//
//   node tests/e2e/measure-start.mjs [runs]
//
// "Interactive" = the dashboard page is mounted (the app mounts synchronously, so its links and
// buttons have their handlers), read as performance.now() (ms since navigation start) at the
// first DOM mutation that shows it (a MutationObserver installed before any page script).
import { serveDist, launchBrowser, openPage } from './harness.mjs';

const runs = Number(process.argv[2] ?? 9);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Installed before any page script: notes the moment the dashboard appears in the DOM.
function watchForDashboard() {
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="page-dashboard"]')) {
      window.__dashboardReadyAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function readyAt(page) {
  await page.waitForFunction(() => window.__dashboardReadyAt !== undefined);
  return page.evaluate(() => window.__dashboardReadyAt);
}

const server = await serveDist('relance');
const browser = await launchBrowser();
const first = [];
const repeat = [];
for (let run = 0; run < runs; run++) {
  const { context, page } = await openPage(browser, { origin: server.origin });
  await context.addInitScript(watchForDashboard);
  await page.goto(server.baseUrl);
  first.push(await readyAt(page));
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller);
  await page.goto('about:blank');
  await page.goto(server.baseUrl);
  repeat.push(await readyAt(page));
  await context.close();
}
await browser.close();
server.stop();
const show = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
console.log(`first visit (network):      ${show(first)}`);
console.log(`repeat visit (worker cache): ${show(repeat)}`);
