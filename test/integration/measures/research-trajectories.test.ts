// The research export's reads (services/measures/adapters/research-trajectories.ts) against DynamoDB
// Local, counted by a metering proxy: an export reads the partitions of the admitted cases that can
// hold a trajectory started in its period, not of every admitted case there ever was.
import { describe, expect, it } from 'vitest';
import { startMeteringProxy } from '../../support/metering-proxy';
import { audit, newCase } from '../support/cases';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('measures');
const proxy = await startMeteringProxy('passthrough', { keepRequests: true });
proxy.setUpstream(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.endpoint;
const { CaseRepository } = await import('@cter/case-store');
const { oneOnOneTrajectories } = await import('../../../services/measures/adapters/research-trajectories');
const cases = new CaseRepository(tables);

/** An admitted case (created now, in monitoring unless told): it can hold trajectories from today on. */
async function admittedCase(ended?: { at: string }): Promise<string> {
  const { record, event } = newCase();
  const state = ended ? 'closed' : 'monitoring';
  await cases.create({ ...record, state, ...(ended ? { updatedAt: ended.at } : {}), admission: { at: record.createdAt, version: 1 } }, event, audit(record.caseId));
  return record.caseId;
}

/** The partition queries (`pk = CASE#...`) an export sent. */
async function partitionsRead(period: { from: string; to: string }): Promise<string[]> {
  const before = proxy.calls.length;
  await oneOnOneTrajectories(tables.cases, period);
  return proxy.calls
    .slice(before)
    .map((call) => (call.request as { ExpressionAttributeValues?: Record<string, { S?: string }> }).ExpressionAttributeValues?.[':pk']?.S)
    .filter((pk): pk is string => pk !== undefined);
}

describe('research export reads (oneOnOneTrajectories)', () => {
  it('does not read the cases created after its period: none of them can hold a trajectory started in it', async () => {
    const caseId = await admittedCase();
    expect(await partitionsRead({ from: '2025-01-01', to: '2025-03-31' })).not.toContain(`CASE#${caseId}`);
  });

  it('does not read a case that ended before its period, and reads one that ended in it', async () => {
    // Only the end matters here: the case's creation lies within the period either way.
    const endedBefore = await admittedCase({ at: '2025-11-30T12:00:00.000Z' });
    const endedIn = await admittedCase({ at: new Date().toISOString() });
    const read = await partitionsRead({ from: '2026-01-01', to: new Date().toISOString().slice(0, 10) });
    expect(read).not.toContain(`CASE#${endedBefore}`);
    expect(read).toContain(`CASE#${endedIn}`);
  });

  it('reads an open admitted case whose period includes its creation', async () => {
    const caseId = await admittedCase();
    const today = new Date().toISOString().slice(0, 10);
    expect(await partitionsRead({ from: '2025-01-01', to: today })).toContain(`CASE#${caseId}`);
  });
});
