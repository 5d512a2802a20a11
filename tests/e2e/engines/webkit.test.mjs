// The engine flows (flows.mjs) in WebKit (MiniBrowser through WebKitWebDriver, under Xvfb).
import { engineSuite } from './suite.mjs';

engineSuite('webkit');
