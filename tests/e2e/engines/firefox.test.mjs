// The engine flows (flows.mjs) in Firefox ESR, headless, through WebDriver BiDi (puppeteer-core).
import { engineSuite } from './suite.mjs';

engineSuite('firefox');
