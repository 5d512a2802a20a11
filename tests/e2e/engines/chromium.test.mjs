// The engine flows (flows.mjs) in Chromium (playwright-core): the same flows as the other engines.
import { engineSuite } from './suite.mjs';

engineSuite('chromium');
