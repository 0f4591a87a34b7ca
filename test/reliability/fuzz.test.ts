// The fuzz of every route at 1,000 runs per route (FUZZ_RUNS overrides; `npm test` runs the same
// property 50 times per route in test/e2e/fuzz.test.ts).
import { defineFuzzSuite } from '../support/fuzz-suite';

defineFuzzSuite({ runs: 1000 });
