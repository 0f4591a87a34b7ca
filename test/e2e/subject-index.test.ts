// A new case is registered with a pending marker of its subject lookup (ids only), and IndexSubject
// replaces the marker with the lookup item from the table's stream: the request takes no MAC. Subject
// access finds the case either way, also while IndexSubject cannot run.
import { describe, expect, it } from 'vitest';
import { subjectPendingKey } from '@cter/store';
import { useOwnTwin, settled } from '../support/own-twin';
import { auditRecords, itemsMentioning, ownTwinTables } from '../support/covenant';
import { signalFor } from '../support/signed-client';

const REGION = 'kennemerland';

describe('the subject lookup, written from the pending marker', () => {
  const own = useOwnTwin();
  const tables = () => ownTwinTables(own.twin(), REGION);
  const itemsOf = async (caseId: string) => (await itemsMentioning(tables(), 'cases', [caseId])).filter((i) => i.entity === 'subject-case' || i.entity === 'subject-pending');
  const register = async (bsn?: string) => {
    const signal = signalFor('haarlem');
    const body = bsn ? { ...signal, subject: { ...signal.subject, bsn } } : signal;
    const reply = await own.call(`${REGION}.politie`, 'POST', '/signals', { body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return { caseId: reply.body.caseId as string, bsn: body.subject.bsn };
  };
  const report = (bsn: string) => own.call(`${REGION}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn } });
  const indexSubject = () => {
    const region = own.twin().regions.get(REGION)!;
    const host = [...region.functions.values()].find((fn) => fn.functionName.includes('IndexSubject'));
    if (!host) throw new Error('no IndexSubject function in the twin');
    return host;
  };

  it('while IndexSubject fails, the case waits under its marker and subject access still finds it', async () => {
    const twin = own.twin();
    twin.faults.inject({ functionName: 'IndexSubject', times: 10_000, errorType: 'Error' });
    let registered: { caseId: string; bsn: string };
    try {
      registered = await register();
      // Another person's case waiting too: matched on the BSN, so it is not reported.
      await register();
      await settled(twin);
    } finally {
      twin.faults.clear();
    }
    const items = await itemsOf(registered.caseId);
    expect(items).toEqual([{ ...subjectPendingKey(registered.caseId), entity: 'subject-pending', caseId: registered.caseId }]);

    const found = await report(registered.bsn);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.cases.map((c: any) => c.case.caseId)).toEqual([registered.caseId]);
    expect((await auditRecords(tables(), registered.caseId)).filter((r) => r.route === 'POST /subjects/report')).toHaveLength(1);
  });

  it('IndexSubject replaces the marker with the lookup item once, and a redelivered record changes nothing', async () => {
    const twin = own.twin();
    const { caseId, bsn } = await register();
    // A second case of the same person, so the report's two paths must agree on both.
    const second = await register(bsn);
    await settled(twin);
    const lookup = { pk: await tables().pseudonyms.subjectKeyOf(bsn), sk: `CASE#${caseId}`, entity: 'subject-case', caseId };
    expect(await itemsOf(caseId)).toEqual([lookup]);

    // The marker's stream record delivered again (Lambda delivers at least once).
    const again = await indexSubject().invoke({
      Records: [{ eventID: 'redelivered', eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: { pk: { S: 'SUBJECT-PENDING' }, sk: { S: `CASE#${caseId}` }, entity: { S: 'subject-pending' }, caseId: { S: caseId } } } }],
    });
    expect(again).toMatchObject({ ok: true, result: { batchItemFailures: [] } });
    expect(await itemsOf(caseId)).toEqual([lookup]);

    const found = await report(bsn);
    expect(found.body.cases.map((c: any) => c.case.caseId).sort()).toEqual([caseId, second.caseId].sort());
  });
});
