// The fuzz as a test suite, shared by `npm test` (test/e2e/fuzz.test.ts, 50 runs per route) and
// `npm run test:reliability` (test/reliability/fuzz.test.ts, 1,000 runs per route): every route of the
// route registry, in the region no other test on the shared twin uses, and the region's tables
// compared item by item before and after each route.
import { describe, expect, it } from 'vitest';
import { sharedTables } from './covenant';
import { FUZZ_SEED, formatReport, fuzzRoute, fuzzRuns, tableSnapshot, writesBetween, type FuzzReport, type FuzzTarget } from './fuzz';
import { rawSignedCall } from './raw-signed-call';
import { apiOf, call, credentialOf } from './signed-client';
import { ROUTE_ENTRIES } from '@cter/routes';

/** No other test on the shared twin writes here (the workflow tests use their own twin). */
export const FUZZ_REGION = 'noord-holland-noord';
/** FUZZ_ROUTE narrows the run to routes containing that text (reproducing a failure with FUZZ_SEED). */
const ROUTES = ROUTE_ENTRIES.filter((c) => !process.env.FUZZ_ROUTE || c.route.includes(process.env.FUZZ_ROUTE));

export function defineFuzzSuite(options: { runs: number }): void {
  const runs = fuzzRuns(options.runs);
  // Signed by a raw signer, not the partner client: the fuzz sends what no client would (`?__proto__=`).
  const target: FuzzTarget = { region: FUZZ_REGION, tables: sharedTables(FUZZ_REGION), call: (profile, method, pathAndQuery, request) => rawSignedCall(apiOf(FUZZ_REGION), credentialOf(profile), method, pathAndQuery, request) };
  const reports: FuzzReport[] = [];
  describe(`fuzz of ${process.env.FUZZ_ROUTE ? `the routes with "${process.env.FUZZ_ROUTE}"` : 'every route'}: ${runs} runs each, seed ${FUZZ_SEED} (FUZZ_RUNS, FUZZ_SEED, FUZZ_ROUTE)`, () => {
    it.each(ROUTES.map((c) => [c.route, c] as const))(
      '%s: bad input gets a 4xx with the error shape, never a 5xx, and writes nothing',
      async (_, capability) => {
        const before = await tableSnapshot(target.tables);
        const report = await fuzzRoute(target, capability, capability, { runs });
        reports.push(report);
        const after = await tableSnapshot(target.tables);
        const writes = writesBetween(before, after);
        // A valid read the fuzz happens to send is answered and audited (seed 1272320627 sent one to
        // GET /reports/process): one audit entry per 2xx of a GET, and nothing else is written.
        const answeredReads = capability.route.startsWith('GET ') ? Object.entries(report.statuses).reduce((n, [status, count]) => (Number(status) < 300 ? n + count : n), 0) : 0;
        const auditEntries = writes.filter((w) => w.startsWith('added audit:'));
        expect(writes.filter((w) => !auditEntries.includes(w)), `writes by the fuzz of ${capability.route}`).toEqual([]);
        expect(auditEntries.length, `audit entries by the fuzz of ${capability.route} (${answeredReads} reads answered)`).toBeLessThanOrEqual(answeredReads);
      },
      Math.max(120_000, runs * 600),
    );

    it('leaves the service healthy, and prints the figures', async () => {
      const reply = await call(`${FUZZ_REGION}.politie`, 'GET', '/cases?limit=5');
      expect(reply.status).toBe(200);
      const requests = reports.reduce((n, r) => n + Object.values(r.statuses).reduce((a, b) => a + b, 0), 0);
      const statuses: Record<string, number> = {};
      for (const r of reports) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
      console.log(
        [
          `fuzz: ${reports.length} routes x ${runs} runs, seed ${FUZZ_SEED}, ${requests} requests in ${(reports.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(0)} s`,
          `statuses: ${Object.entries(statuses).map(([s, n]) => `${s}:${n}`).join(' ')}; 5xx: ${Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0)}; writes: none but the audit entries of answered reads`,
          ...reports.map(formatReport),
        ].join('\n'),
      );
    });
  });
}
