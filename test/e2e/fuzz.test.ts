// The fuzz of every route with a small count (50 runs per route; FUZZ_RUNS overrides);
// `npm run test:reliability` runs the same property 1,000 times per route (test/reliability/fuzz.test.ts).
import { defineFuzzSuite } from '../support/fuzz-suite';

defineFuzzSuite({ runs: 50 });
