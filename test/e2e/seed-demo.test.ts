// `npm run seed` on a twin of this file's own (it fills all three regions, which would disturb the
// shared twin's other files): every stage appears in every region, read back through the API as
// the partners see it, and a second run finds the demo cases instead of creating them again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CterClient } from '@cter/client';
import type { IssuedCredential } from '@cter/twin';
import { useOwnTwin } from '../support/own-twin';
import { seedDemo, TwinUnavailable, type SeededCase, type SeedResult } from '../../scripts/seed/seed-demo';
import { dayOf, type ProcessReport } from '../../services/workflow/domain/process-report';

const REGIONS = ['noord-holland-noord', 'zaanstreek-waterland', 'kennemerland'];
const own = useOwnTwin();
const scratch = mkdtempSync(path.join(tmpdir(), 'cter-seed-'));
/** Where the seed finds the twin, as `npm start` leaves it in `.twin/`: endpoints.json and a credentials file. */
const stateDir = path.join(scratch, 'twin');

/** The twin's keys as an AWS shared credentials file, one profile per `<region>.<organisation>`, with its role as a comment (as the twin writes it). */
const credentialsFile = (credentials: IssuedCredential[]) =>
  credentials.map((c) => `[${c.profile}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\nregion = ${c.region}\n# role_arn = ${c.roleArn}\n`).join('\n');

function writeTwinState(dir: string, regions: Record<string, { api: string; awsRegion: string }>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'endpoints.json'), JSON.stringify({ ...own.twin().endpoints, regions }, null, 2));
  writeFileSync(path.join(dir, 'credentials'), credentialsFile(own.twin().credentials), { mode: 0o600 });
}

beforeAll(() => writeTwinState(stateDir, own.twin().endpoints.regions));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function clientAs(profile: string): CterClient {
  const region = profile.split('.')[0]!;
  const credential = own.twin().credentials.find((c) => c.profile === profile);
  if (!credential) throw new Error(`no profile ${profile}`);
  return new CterClient({ region, baseUrl: own.twin().endpoints.regions[region]!.api, credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey } });
}

/** A port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function casesOfRegion(region: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const summary of clientAs(`${region}.politie`).iterateCases({ limit: 100 })) ids.push(summary.caseId);
  return ids.sort();
}

describe('the demo data seed', () => {
  it('fails with a message naming `npm start` when there is no twin, or only the files of a stopped one', async () => {
    await expect(seedDemo({ stateDir: path.join(scratch, 'missing') })).rejects.toThrow(TwinUnavailable);
    await expect(seedDemo({ stateDir: path.join(scratch, 'missing') })).rejects.toThrow(/endpoints\.json does not exist; start the twin first with `npm start`/);

    const api = `http://127.0.0.1:${await closedPort()}/v1`;
    writeTwinState(path.join(scratch, 'stopped'), Object.fromEntries(REGIONS.map((r) => [r, { api, awsRegion: 'eu-west-1' }])));
    await expect(seedDemo({ stateDir: path.join(scratch, 'stopped') })).rejects.toThrow(/does not answer at .* \(ECONNREFUSED\): .* not running; start the twin first with `npm start`/);
  });

  let first: SeedResult;
  const seeded = (region: string, scenario: SeededCase['scenario']) => first.cases.find((c) => c.region === region && c.scenario === scenario)!;

  it('brings a case to every stage in every region, through the API', { timeout: 900_000 }, async () => {
    first = await seedDemo({ stateDir });
    expect(first.changed).toBe(true);
    expect(first.created).toBe(first.cases.length);
    const scenarios = (region: string) => first.cases.filter((c) => c.region === region).map((c) => `${c.scenario}:${c.state}`);
    const everyRegion = ['signal:weighing', 'consultation:consultation', 'plan:monitoring', 'covenant:consultation', 'monitoring:monitoring'];
    expect(scenarios('noord-holland-noord')).toEqual(everyRegion);
    expect(scenarios('zaanstreek-waterland')).toEqual([...everyRegion, 'transfer:weighing']);
    expect(scenarios('kennemerland')).toEqual([...everyRegion, 'transfer:transferred']);

    for (const c of first.cases) {
      const police = clientAs(`${c.region}.politie`);
      const kase = await police.getCase(c.caseId);
      expect(kase, c.caseNumber).toMatchObject({ caseNumber: c.caseNumber, state: c.state, regionId: c.region });
      // Obviously fictional: marked in the name, a BSN from the 9999 test range.
      expect(kase.subject.name).toMatch(/\(demo\)$/);
      expect(kase.subject.bsn).toMatch(/^9999\d{5}$/);
    }

    for (const region of REGIONS) {
      // A fresh signal: the weighing waits for the police (and the others).
      const signal = seeded(region, 'signal');
      expect((await clientAs(`${region}.politie`).listTasks(signal.caseId)).tasks.map((t) => t.kind)).toContain('weighing-contribution');

      // Admitted, partners invited, the plan to adopt on the ZVH's list.
      const consultation = seeded(region, 'consultation');
      const invited = (await clientAs(`${region}.zvh`).getCase(consultation.caseId)).participants?.map((p) => p.organisationId);
      expect(invited).toEqual(expect.arrayContaining(['ggz', 'jeugdzorg', 'reclassering']));
      expect((await clientAs(`${region}.zvh`).listTasks(consultation.caseId)).tasks.map((t) => t.kind)).toContain('plan-adoption');

      // The plan adopted; the ONE-on-ONE organisation sees its mentor and session, the municipality its note.
      const plan = seeded(region, 'plan');
      const whole = (await clientAs(`${region}.zvh`).getPlan(plan.caseId)).plan!;
      expect(whole.status).toBe('adopted');
      expect(whole.measures.map((m) => [m.catalogueId, m.status])).toEqual([
        ['one-on-one-mentoring', 'active'],
        ['daytime-activity', 'active'],
      ]);
      const mentoring = (await clientAs(`${region}.one-on-one`).getPlan(plan.caseId)).plan!.measures.find((m) => m.catalogueId === 'one-on-one-mentoring')!;
      expect(mentoring).toMatchObject({ access: 'owner', mentorId: 'demo-mentor-1', sessions: [expect.objectContaining({ sessionId: 'demo-session-1' })] });

      // The covenant: what was shared, on which basis, and that the person was informed (the privacy officer's view).
      const covenant = seeded(region, 'covenant');
      expect(covenant.wrote.some((line) => /youth care: refused .*8\(3\)/.test(line))).toBe(true);
      const bsn = (await clientAs(`${region}.politie`).getCase(covenant.caseId)).subject.bsn!;
      const [report] = (await clientAs(`${region}.privacy-officer`).subjectReport({ bsn })).cases as any[];
      expect(report.disclosures.map((d: any) => [d.sender, d.recipients, d.categories, d.basis.kind]).sort()).toEqual([
        ['ggz', [`gemeente-${report.case.municipality}`], ['care-information'], 'consent'],
        ['politie', ['ggz'], ['criminal-data'], 'legal-basis'],
      ]);
      expect(report.consents).toEqual([expect.objectContaining({ holder: 'ggz', state: 'active' })]);
      expect(report.informing.current).toMatchObject({ kind: 'informed' });

      // Monitoring: the debt counselling ended with its result, the daytime activity runs.
      const monitoring = seeded(region, 'monitoring');
      const measures = (await clientAs(`${region}.zvh`).getPlan(monitoring.caseId)).plan!.measures.map((m) => [m.catalogueId, m.status, m.outcome]);
      expect(measures).toEqual([
        ['debt-counselling', 'completed', 'goal-achieved'],
        ['daytime-activity', 'active', undefined],
      ]);
    }

    // Anonymous advice requests: open, asked back, answered, and one a school's worry that the
    // specialist converted into a signal; the case keeps the thread, the request the case.
    for (const region of REGIONS) {
      const advice = first.advice.filter((a) => a.region === region);
      expect(advice.map((a) => `${a.scenario}:${a.status}`)).toEqual(['open:open', 'asked-back:asked-back', 'answered:answered', 'converted:converted']);
      const listed = (await clientAs(`${region}.specialist-re`).listAdviceRequests({ limit: 100 })).items.map((i) => i.adviceRequestId);
      expect(listed).toEqual(expect.arrayContaining(advice.map((a) => a.adviceRequestId)));
      const converted = advice.find((a) => a.scenario === 'converted')!;
      expect(await clientAs(`${region}.onderwijs`).getAdviceRequest(converted.adviceRequestId)).toMatchObject({ status: 'converted', caseId: converted.caseId, askedBy: 'onderwijs' });
      const kase = await clientAs(`${region}.politie`).getCase(converted.caseId!);
      expect(kase.subject.name).toMatch(/\(demo\)$/);
      expect(kase.advice).toMatchObject({ adviceRequestId: converted.adviceRequestId, messages: [expect.anything(), expect.anything(), expect.anything()] });
    }

    // The transfer: handed over to Zaanstad, where the weighing goes on.
    const sent = seeded('kennemerland', 'transfer');
    const received = seeded('zaanstreek-waterland', 'transfer');
    const incoming = (await clientAs('zaanstreek-waterland.politie').getCase(received.caseId)) as Awaited<ReturnType<CterClient['getCase']>> & { transferIn?: { originCaseId: string } };
    expect(incoming).toMatchObject({ municipality: 'zaanstad', state: 'weighing', transferIn: { originCaseId: sent.caseId } });

    // The process evaluation of every region has figures: the signals of the quarter published (five or more), lead times of fewer than five cases suppressed.
    const year = dayOf(new Date(own.twin().clock.nowMs()).toISOString()).slice(0, 4);
    for (const region of REGIONS) {
      const { rows } = (await clientAs(`${region}.zvh`).processReport({ from: `${year}-01-01`, to: `${year}-12-31` })) as unknown as ProcessReport;
      expect(rows.some((r) => r.granularity === 'quarter' && r.signals !== null && r.signals >= 5), region).toBe(true);
      expect(rows.some((r) => Object.values(r.leadTimes).some((cell) => cell.suppressed)), region).toBe(true);
    }
  });

  it('creates and changes nothing when run again, and says so', { timeout: 300_000 }, async () => {
    const before = await Promise.all(REGIONS.map(casesOfRegion));
    const lines: string[] = [];
    const again = await seedDemo({ stateDir, log: (line) => lines.push(line) });
    expect(again.changed).toBe(false);
    expect(again.created).toBe(0);
    expect(again.cases.map((c) => [c.caseId, c.state, c.wrote])).toEqual(first.cases.map((c) => [c.caseId, c.state, []]));
    expect(again.advice.map((a) => [a.adviceRequestId, a.status, a.created, a.wrote])).toEqual(first.advice.map((a) => [a.adviceRequestId, a.status, false, []]));
    expect(lines.every((line) => / found \(/.test(line)), lines.join('\n')).toBe(true);
    expect(await Promise.all(REGIONS.map(casesOfRegion))).toEqual(before);
  });
});
