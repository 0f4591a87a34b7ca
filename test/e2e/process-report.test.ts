// The process evaluation (GET /reports/process) on a twin of this file's own: cases driven through
// known paths on the virtual clock (signal, weighing, consultation, plan, monitoring, closure, with
// known day offsets, and one overdue weighing decision that escalates), then the report's lead
// times and counts asserted exactly, its small cells suppressed, and no id or person in it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { generateYearlyReport, readRegionReports, regionsSideBySide } from '../../scripts/reports/generate';
import { settled, useOwnTwin } from '../support/own-twin';
import { WorkflowDriver } from '../support/workflow-driver';
import { dayOf } from '../../services/workflow/domain/process-report';

const own = useOwnTwin();
const REGION = 'kennemerland';
const DAY_MS = 86_400_000;

const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/** The second day of the quarter after `now`, 09:00 UTC: every phase but the last ends in that quarter. */
function nextQuarterStart(now: number): Date {
  const d = new Date(now);
  const month = Math.floor(d.getUTCMonth() / 3) * 3 + 3;
  return new Date(Date.UTC(d.getUTCFullYear(), month, 2, 9));
}

const scratch = mkdtempSync(path.join(tmpdir(), 'cter-process-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** What the first test drove: the quarter of the signals, and the ids and numbers that must not appear. */
let driven: { first: string; secrets: string[] } | undefined;

describe('the process evaluation', () => {
  it('lead times per phase, outcomes, an overdue step and its escalation, from cases driven on the virtual clock; small cells suppressed; no ids', { timeout: 1_500_000 }, async () => {
    const twin = own.twin();
    const wf = new WorkflowDriver(own, REGION);
    // A jump of weeks: every region's missed daily jobs run first (minutes on a busy machine).
    twin.clock.set(nextQuarterStart(twin.clock.nowMs()));
    await settled(twin, 600_000);
    const t0 = twin.clock.nowMs();

    // Day 0: six signals, the weighing's contributions. Five go the whole way; the sixth's weighing decision is left to run over.
    const admitted: string[] = [];
    for (let i = 0; i < 5; i++) admitted.push(await wf.throughWeighing('haarlem'));
    const overdue = await wf.throughWeighing('zandvoort');
    await wf.waitForTask('gemeente-zandvoort', overdue, 'weighing-decision');
    // Five anonymous advice requests asked of the specialist R&E the same day (no person named).
    const concern = 'Een leerling deelt filmpjes die geweld verheerlijken (procesrapport-test)';
    for (let i = 0; i < 5; i++) {
      const asked = await own.call(`${REGION}.jeugdzorg`, 'POST', '/advice-requests', { body: { concern, contact: { name: 'M. de Vraagsteller', phone: '+31 23 555 0199' } } });
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    }

    // Day 3: the weighing proposes admission.
    await wf.advanceDays(3);
    for (const caseId of admitted) await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'propose-admission');
    // Day 10: the triangle admits; the sixth case's weighing decision (10 days) is overdue and escalates to the ZVH, which decides no action.
    await wf.advanceDays(7);
    for (const caseId of admitted) await wf.decide('gemeente-haarlem', caseId, 'triangle-decision', 'admit');
    await wf.decide('zvh', overdue, 'escalation', 'no-action', 'weighing-decision');
    await wf.waitForState(overdue, 'no-action');
    // Day 30: the consultation adopts the plans.
    await wf.advanceDays(20);
    for (const caseId of admitted) await wf.decide('zvh', caseId, 'plan-adoption', 'adopted');
    for (const caseId of admitted) await wf.waitForState(caseId, 'monitoring');
    // Day 121: the first evaluation (90 days) proposes closure; the core partners close.
    await wf.advanceDaysPatiently(91, 30);
    for (const caseId of admitted) {
      await wf.decide('zvh', caseId, 'evaluation', 'close');
      await wf.decide('politie', caseId, 'closure-decision', 'close');
      await wf.waitForState(caseId, 'closed');
    }

    const first = quarterOf(dayOf(new Date(t0).toISOString()));
    const second = quarterOf(dayOf(new Date(t0 + 121 * DAY_MS).toISOString()));
    expect(second).not.toBe(first);
    const from = `${first.slice(0, 4)}-01-01`;
    const to = dayOf(new Date(twin.clock.nowMs()).toISOString());
    const reply = await own.call(`${REGION}.zvh`, 'GET', `/reports/process?from=${from}&to=${to}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const report = reply.body;
    expect(report).toMatchObject({ dataset: 'cter-process-evaluation', region: REGION, from, to, minCellCases: 5 });
    const row = (period: string) => report.rows.find((r: { period: string }) => r.period === period);

    const q1 = row(first);
    expect(q1.signals).toBe(6);
    // Five cases at 3 days and one at 10: median 3, mean 25/6.
    expect(q1.leadTimes['signal-to-weighing-decision']).toEqual({ cases: 6, medianDays: 3, meanDays: 4.2, suppressed: false });
    expect(q1.leadTimes['weighing-decision-to-consultation']).toEqual({ cases: 5, medianDays: 7, meanDays: 7, suppressed: false });
    expect(q1.leadTimes['consultation-to-plan']).toEqual({ cases: 5, medianDays: 20, meanDays: 20, suppressed: false });
    expect(q1.leadTimes.monitoring).toEqual({ cases: 0, medianDays: null, meanDays: null, suppressed: false });
    // One case with an overdue step, one escalation, one no-action: cells of one case, suppressed.
    expect(q1.overdueSteps).toBeNull();
    expect(q1.escalations).toBeNull();
    expect(q1.outcomes).toBeNull();
    expect(q1.outcomesSuppressed).toBe(true);
    expect([q1.adviceRequests, q1.adviceRequestsConverted]).toEqual([5, 0]);

    const q2 = row(second);
    expect(q2.signals).toBe(0);
    expect(q2.leadTimes.monitoring).toEqual({ cases: 5, medianDays: 91, meanDays: 91, suppressed: false });
    expect(q2.leadTimes['signal-to-closure']).toEqual({ cases: 5, medianDays: 121, meanDays: 121, suppressed: false });
    expect(q2.outcomes).toEqual({ 'no-action': 0, referred: 0, rejected: 0, transferred: 0, closed: 5 });
    expect(q2.overdueSteps).toBe(0);
    expect(q2.escalations).toBe(0);
    // The year beside its quarters: published where the quarters leave nothing small to subtract.
    expect(row(first.slice(0, 4)).leadTimes['signal-to-weighing-decision']).toEqual({ cases: 6, medianDays: 3, meanDays: 4.2, suppressed: false });

    // CSV for the steering group, by Accept or by format=csv: the same figures.
    const csv = await own.call(`${REGION}.gemeente-haarlem`, 'GET', `/reports/process?from=${from}&to=${to}`, { headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const line = String(csv.body).split('\r\n').find((l) => l.startsWith(`${REGION},${first},quarter,`))!;
    expect(line).toContain(',6,6,3,4.2,false,5,7,7,false,5,20,20,false,');
    const byFormat = await own.call(`${REGION}.zvh`, 'GET', `/reports/process?format=csv&from=${from}&to=${to}`);
    expect(byFormat.body).toBe(csv.body);

    // No case id, case number, name or reasoning anywhere in either.
    const numbers = await Promise.all([...admitted, overdue].map(async (id) => (await wf.caseOf(id)).caseNumber as string));
    const secrets = [...admitted, overdue, ...numbers, '(test)', 'criteria recorded', 'procesrapport-test', 'Vraagsteller'];
    for (const text of [JSON.stringify(report), String(csv.body)]) for (const secret of secrets) expect(text).not.toContain(secret);
    driven = { first, secrets };

    // Every read is audited (no personal data in the record either).
    const dynamo = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const auditTable = Object.entries(twin.regions.get(REGION)!.tables).find(([id]) => id.startsWith('DataAuditTable'))![1];
    const audits = await dynamo.send(new QueryCommand({ TableName: auditTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'REPORT#process' } } }));
    expect(audits.Items?.map((i) => [i.organisationId?.S, i.route?.S, i.purpose?.S])).toEqual([
      ['zvh', 'GET /reports/process', 'process-evaluation'],
      ['gemeente-haarlem', 'GET /reports/process', 'process-evaluation'],
      ['zvh', 'GET /reports/process', 'process-evaluation'],
    ]);
  });

  it('refuses bad, reversed and over-long ranges with a JSON error, and partners outside the steering group', async () => {
    const ask = (query: string, profile = `${REGION}.zvh`) => own.call(profile, 'GET', `/reports/process${query}`);
    for (const [query, path] of [
      ['?from=2026-02-30&to=2026-03-31', 'from'],
      ['?from=2026-01-01', 'to'],
      ['?from=2026-06-01&to=2026-05-31', 'to'],
      ['?from=2020-01-01&to=2025-01-01', 'to'],
      ['?from=2026-01-01&to=2026-03-31&format=xml', 'format'],
    ] as const) {
      const reply = await ask(query);
      expect(reply.status, query).toBe(422);
      expect(reply.body.error.code).toBe('ValidationFailed');
      expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await ask('?from=2026-01-01&to=2026-03-31', `${REGION}.politie`)).status).toBe(403);
  });

  it('the yearly report to the region: one Markdown document with tables and SVG charts, the other regions beside it, from the running twin; and the regions side by side', { timeout: 120_000 }, async () => {
    if (!driven) throw new Error('the cases of the first test were not driven');
    const twin = own.twin();
    // The twin's state as `npm start` leaves it in .twin/: endpoints.json and the credentials file.
    const stateDir = path.join(scratch, 'twin');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(path.join(stateDir, 'endpoints.json'), JSON.stringify(twin.endpoints));
    writeFileSync(path.join(stateDir, 'credentials'), twin.credentials.map((c) => `[${c.profile}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n`).join('\n'));
    const year = Number(driven.first.slice(0, 4));
    const outDir = path.join(scratch, 'report');
    const files = await generateYearlyReport({ stateDir, region: REGION, year, outDir });
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['README.md', 'lead-times-by-region.svg', 'lead-times-per-quarter.svg', 'signals-per-quarter.svg']);
    const doc = readFileSync(path.join(outDir, 'README.md'), 'utf8');
    expect(doc).toContain(`# Process evaluation ${year}: ${REGION}`);
    expect(doc).toContain('| Signals (new cases) | 6 |');
    expect(doc).toContain('| Signal to weighing decision | 6 | 3 | 4.2 |');
    // The quarter of the signals: published medians with their case counts, suppressed cells named.
    expect(doc).toMatch(new RegExp(`\\| ${driven.first}[^|]* \\| 6 \\| 3 \\(6\\) \\| 7 \\(5\\) \\| 20 \\(5\\) \\| – \\(0\\) \\| – \\(0\\) \\| – \\| – \\|`));
    // The other regions, read with their own ZVH roles, side by side (nothing there: zero signals).
    expect(doc).toContain('|  | kennemerland | noord-holland-noord | zaanstreek-waterland |');
    expect(doc).toMatch(/\| Signals \| 6 \| 0 \| 0 \|/);
    for (const chart of ['lead-times-by-region.svg', 'lead-times-per-quarter.svg', 'signals-per-quarter.svg']) {
      expect(doc).toContain(`](${chart})`);
      const svg = readFileSync(path.join(outDir, chart), 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain('<rect');
    }
    for (const text of [doc, ...files.map((f) => readFileSync(f, 'utf8'))]) for (const secret of driven.secrets) expect(text).not.toContain(secret);

    // npm run report:regions: the regions side by side, one line per period and region.
    const side = regionsSideBySide(await readRegionReports(stateDir, `${year}-01-01`, `${year}-12-31`));
    expect(side).toContain(`| ${driven.first} | kennemerland | 6 | 3 | 7 | 20 | – | – | – | – |`);
    expect(side).toContain(`| ${driven.first} | noord-holland-noord | 0 | – | – | – | – | – | 0 | 0 |`);
  });
});
