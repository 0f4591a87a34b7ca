// The subject report (art. 15 GDPR) carries what the person has a right to see, shaped by an
// allowlist per record type: never a Step Functions task token (the transfer's answer token would
// let its holder answer the transfer), execution ARNs or other workflow internals. Driven through a
// real transfer between regions on a twin of this file's own (the work process runs).
import { describe, expect, it } from 'vitest';
import { useOwnTwin } from '../support/own-twin';
import { signalFor } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';

const own = useOwnTwin();

/** Every key name and string value of a JSON document, at any depth. */
function walk(value: unknown, keys: string[] = [], strings: string[] = []): { keys: string[]; strings: string[] } {
  if (Array.isArray(value)) value.forEach((v) => walk(v, keys, strings));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.push(k);
      walk(v, keys, strings);
    }
  } else if (typeof value === 'string') strings.push(value);
  return { keys, strings };
}

describe('the subject report of a transferred case', { timeout: 240_000 }, () => {
  it('keeps tokens and workflow internals out, in the sending and the receiving region', async () => {
    const ken = new WorkflowDriver(own, 'kennemerland');
    const zw = new WorkflowDriver(own, 'zaanstreek-waterland');
    const signal = signalFor('beverwijk');
    const registered = await own.call('kennemerland.politie', 'POST', '/signals', { body: signal });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const caseId = registered.body.caseId as string;
    await ken.settle();
    await ken.waitForState(caseId, 'weighing');
    await ken.contributeAll(caseId, 'beverwijk');
    const current = await ken.caseOf(caseId);
    const offered = await own.call('kennemerland.gemeente-beverwijk', 'POST', `/cases/${caseId}/transfers`, {
      body: { version: current.version, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'betrokkene is verhuisd; warme overdracht besproken' },
    });
    expect(offered.status, JSON.stringify(offered.body)).toBe(202);
    await ken.waitForState(caseId, 'transfer-requested');

    // The receiving region registered the offer, with the answer token of the waiting transfer execution.
    let incoming: any;
    const deadline = Date.now() + 60_000;
    while (!incoming && Date.now() < deadline) {
      await zw.settle();
      const report = await own.call('zaanstreek-waterland.privacy-officer', 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
      expect(report.status, JSON.stringify(report.body)).toBe(200);
      incoming = report.body.cases.length ? report : undefined;
    }
    expect(incoming, 'the receiving region registered no case for the person').toBeDefined();
    const sending = await own.call('kennemerland.privacy-officer', 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect(sending.status).toBe(200);

    for (const report of [incoming.body, sending.body]) {
      const { keys, strings } = walk(report);
      expect(keys.filter((k) => /token|execution|workflow|arn/i.test(k))).toEqual([]);
      expect(strings.filter((s) => s.startsWith('arn:') || s.length > 400)).toEqual([]);
      expect(report.cases).toHaveLength(1);
      // What the person is entitled to stays: their data, where it came from, how long it is kept.
      expect(report.cases[0].case.subject).toMatchObject({ bsn: signal.subject.bsn, name: signal.subject.name });
    }
    expect(incoming.body.cases[0].case.transferIn).toEqual({ fromRegion: 'kennemerland', originCaseId: caseId, originCaseNumber: registered.body.caseNumber, receivedAt: expect.any(String) });
    expect(sending.body.cases[0].case.transfer).toMatchObject({ toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', requestedAt: expect.any(String) });
    expect(sending.body.cases[0].history.map((e: any) => e.type)).toContain('case.transfer_requested');
  });
});
