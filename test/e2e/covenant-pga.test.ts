// The covenant version under the Act on data processing in the person-centred approach (Kamerstuk
// 36225), end to end: pending while its date is not configured (the test run's twin: cter-2023 at
// any moment), and on a twin synthesized with the date configured (packages/config, here through the CDK
// context it reads) the 2023 rules apply before the date and the new ones from it, on the virtual
// clock, with the disclosure record naming the law as its legal basis.
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveInstant } from '@cter/covenant-domain/in-force';
import { amsterdamDate, assemblyWithLawDates } from '../support/assembly';
import { useOwnTwin } from '../support/own-twin';
import { call } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';

// Two Dutch calendar days ahead: its 00:00 in Amsterdam lies between one and two days from now.
const PGA_DATE = amsterdamDate(2);
let assemblyDir = '';
beforeAll(async () => {
  assemblyDir = await assemblyWithLawDates({ pgaEffectiveDate: PGA_DATE });
}, 600_000);
const own = useOwnTwin({ assemblyDir: () => assemblyDir });

/** Mental-health care tells the case consultation about treatment, citing the act, without consent. */
const careInformationOnTheAct = {
  recipients: ['gemeente-haarlem'],
  categories: ['care-information'],
  items: [{ category: 'care-information', label: 'behandelverloop', content: 'In behandeling sinds maart; afspraken worden nagekomen' }],
  purpose: 'case-consultation',
  basis: { kind: 'legal-basis', reference: 'wgpa-casusoverleg' },
  proportionality: 'Alleen het verloop van de behandeling, geen diagnose',
  subsidiarity: 'Het casusoverleg kan het plan zonder dit beeld niet vaststellen',
};
const question = (at?: string) => ({
  recipients: [{ organisationId: 'gemeente-haarlem' }],
  categories: ['care-information'],
  purpose: 'case-consultation',
  stage: 'consultation',
  basis: { kind: 'legal-basis', reference: 'wgpa-casusoverleg' },
  ...(at ? { at } : {}),
});

describe('the PGA covenant version is pending until the act has a configured date', () => {
  it('on a twin without the date, cter-2023 decides at any moment, even in 2100', async () => {
    const reply = await call('kennemerland.ggz', 'POST', '/covenant/decisions', { body: question('2100-01-01T00:00:00.000Z') });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ decision: 'deny', covenantVersion: 'cter-2023' });
    expect(reply.body.outcomes[0].articles.sort()).toEqual(['10(2)', '4(2)']);
    expect(reply.body.legalBasis).toBeUndefined();
  });
});

describe('with the act’s date configured, its rules apply from that date', { timeout: 300_000 }, () => {
  it('a care partner’s disclosure on the act: refused under cter-2023 before, recorded under cter-pga from the date, naming the law', async () => {
    const wf = new WorkflowDriver(own, 'kennemerland');
    const caseId = await wf.inConsultation('haarlem');
    await wf.invite(caseId, 'ggz', 30);
    const disclose = () => own.call('kennemerland.ggz', 'POST', `/cases/${caseId}/disclosures`, { body: careInformationOnTheAct });

    // Before the date: the 2023 rules (consent only for care information of a secrecy-bound partner).
    const before = await disclose();
    expect(before.status, JSON.stringify(before.body)).toBe(403);
    expect(before.body.error.message).toMatch(/refused under cter-2023, art\. (4\(2\), art\. 10\(2\)|10\(2\), art\. 4\(2\))/);
    const now = await own.call('kennemerland.ggz', 'POST', '/covenant/decisions', { body: question() });
    expect(now.body).toMatchObject({ decision: 'deny', covenantVersion: 'cter-2023' });
    // The configured date is the one the functions run with: asked for a moment after it, cter-pga answers.
    const effective = effectiveInstant(PGA_DATE).toISOString(); // 00:00 in Amsterdam
    const asked = await own.call('kennemerland.ggz', 'POST', '/covenant/decisions', { body: question(effective) });
    expect(asked.body).toMatchObject({ decision: 'allow', covenantVersion: 'cter-pga', legalBasis: { id: 'wgpa-casusoverleg' } });
    const justBefore = await own.call('kennemerland.ggz', 'POST', '/covenant/decisions', { body: question(new Date(Date.parse(effective) - 1).toISOString()) });
    expect(justBefore.body.covenantVersion).toBe('cter-2023');

    // The virtual clock passes the date.
    await wf.advanceDaysPatiently(2);
    expect(own.twin().clock.nowMs()).toBeGreaterThanOrEqual(Date.parse(effective));
    const after = await disclose();
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect(after.body).toMatchObject({ decision: 'allow', covenantVersion: 'cter-pga', articles: ['9(1)'] });
    expect(after.body.legalBasis).toMatchObject({ id: 'wgpa-casusoverleg', law: expect.stringContaining('Kamerstuk 36225'), gdpr: expect.stringContaining('9(2)(g)') });

    // The decision record, as the privacy officer reads it: the law as the legal basis, the version, the article.
    const bsn = (await own.call('kennemerland.gemeente-haarlem', 'GET', `/cases/${caseId}`)).body.subject.bsn;
    const report = await own.call('kennemerland.privacy-officer', 'POST', '/subjects/report', { body: { bsn } });
    expect(report.status).toBe(200);
    expect(report.body.covenantVersion).toBe('cter-pga');
    expect(report.body.cases[0].disclosures).toEqual([
      expect.objectContaining({ sender: 'ggz', covenantVersion: 'cter-pga', articles: ['9(1)'], basis: careInformationOnTheAct.basis, legalBasis: expect.objectContaining({ law: expect.stringContaining('persoonsgerichte aanpak') }) }),
    ]);
    // Functions without the Cedar engine stamp the same version on their audit records.
    const trail = await own.call('kennemerland.privacy-officer', 'GET', `/cases/${caseId}/audit?limit=200`);
    const disclosureAudit = trail.body.records.filter((r: any) => r.route === 'POST /cases/{caseId}/disclosures');
    expect(disclosureAudit.map((r: any) => r.covenantVersion)).toEqual(['cter-pga']);
    const lastRead = trail.body.records.filter((r: any) => r.route === 'GET /cases/{caseId}').at(-1);
    expect(lastRead.covenantVersion).toBe('cter-pga');
  });
});
