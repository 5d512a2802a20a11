// The three browser engines behind one small interface, so that engines/flows.mjs runs the same
// flows in each, from Debian's packages with no browser download:
// - Chromium: /usr/bin/chromium through playwright-core (as the rest of tests/e2e);
// - Firefox: /usr/bin/firefox-esr, headless, through WebDriver BiDi with puppeteer-core;
// - WebKit (Safari's engine): WebKitWebDriver driving libwebkit2gtk's MiniBrowser in a virtual
//   X display (Xvfb), through the W3C WebDriver HTTP API with plain fetch.
//
// A browser: { name, newPage({ width, height }), close() }. A page shares storage with the
// other pages of its browser (two tabs) and has: goto(url), reload(), evaluate(fn, ...args)
// (fn is serialised: it sees only its arguments), setWidth(width), close().
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../harness.mjs';

const source = (fn, args) => `return (${fn})(...${JSON.stringify(args)});`;

export async function launchChromium() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return {
    name: 'chromium',
    async newPage({ width = 1280, height = 900 } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      return {
        goto: (url) => page.goto(url),
        reload: () => page.reload(),
        evaluate: (fn, ...args) => page.evaluate(new Function(source(fn, args))),
        setWidth: (w) => page.setViewportSize({ width: w, height }),
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}

export async function launchFirefox() {
  const profile = mkdtempSync(join(tmpdir(), 'relance-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: { 'browser.shell.checkDefaultBrowser': false },
  });
  return {
    name: 'firefox',
    async newPage({ width = 1280, height = 900 } = {}) {
      const page = await browser.newPage();
      await page.setViewport({ width, height });
      return {
        goto: (url) => page.goto(url),
        reload: () => page.reload(),
        evaluate: (fn, ...args) => page.evaluate(new Function(source(fn, args))),
        setWidth: (w) => page.setViewport({ width: w, height }),
        close: () => page.close(),
      };
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * WebKitWebDriver under xvfb-run (its own process group, ended whole by close()), one session
 * of MiniBrowser in automation mode. Tabs are WebDriver windows of that session (one storage).
 */
export async function launchWebKit({ args = [] } = {}) {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', '-s', '-screen 0 1920x1080x24', '/usr/bin/WebKitWebDriver', `--port=${port}`], {
    stdio: 'ignore', detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  async function call(method, path, body) {
    const response = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  }
  const stopDriver = () => { try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* gone */ } };
  try {
    const start = Date.now();
    for (;;) {
      try { await call('GET', '/status'); break; } catch (error) {
        if (Date.now() - start > 20000) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const { sessionId } = await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', ...args] } } },
    });
    const session = (path) => `/session/${sessionId}${path}`;
    // Closing a session's last window ends the session: a closed page's window is kept, blank,
    // for the next page.
    const free = [await call('GET', session('/window'))];
    let current = free[0];
    const use = async (handle) => {
      if (current !== handle) { await call('POST', session('/window'), { handle }); current = handle; }
    };
    return {
      name: 'webkit',
      async newPage({ width = 1280, height = 900 } = {}) {
        const handle = free.pop() ?? (await call('POST', session('/window/new'), { type: 'tab' })).handle;
        await use(handle);
        await call('POST', session('/window/rect'), { width, height });
        const page = {
          goto: async (url) => { await use(handle); await call('POST', session('/url'), { url }); },
          reload: async () => { await use(handle); await call('POST', session('/refresh'), {}); },
          evaluate: async (fn, ...args) => { await use(handle); return call('POST', session('/execute/sync'), { script: source(fn, args), args: [] }); },
          setWidth: async (w) => { await use(handle); return call('POST', session('/window/rect'), { width: w, height }); },
          close: async () => { await use(handle); await call('POST', session('/url'), { url: 'about:blank' }); free.push(handle); },
        };
        return page;
      },
      async close() {
        try { await call('DELETE', session('')); } finally { stopDriver(); }
      },
    };
  } catch (error) {
    stopDriver();
    throw error;
  }
}

export const LAUNCH = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit };
