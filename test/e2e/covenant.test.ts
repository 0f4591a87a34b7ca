// The covenant service end to end on the shared twin: decisions under the version in force,
// disclosures checked at the moment they are made, what recipients then see, consent and its
// withdrawal, informing the person, the privacy officer's audit trail and subject access.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/signed-client';
import { auditRecords, seedQuietCase, sharedTables, twinNow, type QuietCase } from '../support/covenant';

const REGION = 'kennemerland';
const POLICE = `${REGION}.politie`;
const GGZ = `${REGION}.ggz`;
const YOUTH_CARE = `${REGION}.jeugdzorg`;
const HAARLEM = `${REGION}.gemeente-haarlem`;
const PRIVACY_OFFICER = `${REGION}.privacy-officer`;
const DAY = 86_400_000;

const criminalData = (purpose: string) => ({
  recipients: ['ggz'],
  categories: ['criminal-data'],
  items: [{ category: 'criminal-data', label: 'Antecedenten', content: 'Veroordeeld in 2024 voor bedreiging van een docent (art. 285 Sr).' }],
  purpose,
  basis: { kind: 'legal-basis', reference: 'wpg-20' },
  proportionality: 'Alleen de antecedent die de behandeling raakt, geen lopend onderzoek.',
  subsidiarity: 'De GGZ kan dit niet uit eigen bron of van de betrokkene zelf weten.',
});

let now: Date;
/** An invitation that outlasts the test run, on the twin's clock (other files may move it). */
const invitedUntil = () => new Date(now.getTime() + 60 * DAY).toISOString();

beforeAll(async () => {
  now = await twinNow();
});

describe('POST /covenant/decisions', () => {
  it('answers with the decision, the policies and articles that decided, and a readable reason', async () => {
    const reply = await call(POLICE, 'POST', '/covenant/decisions', {
      body: { recipients: [{ organisationId: 'ggz' }], categories: ['criminal-data'], purpose: 'weighing', stage: 'signal', basis: { kind: 'legal-basis', reference: 'wpg-20' } },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ decision: 'deny', covenantVersion: 'cter-2023', stage: 'signal' });
    const outcome = reply.body.outcomes[0];
    expect(outcome.articles).toContain('8(1)');
    expect(outcome.policies.map((p: { id: string }) => p.id)).toContain('criminal-not-at-signal');
    expect(outcome.reason).toContain('criminal-offence data is not shared before the weighing');
  });

  it('switches to cter-2023 on its effective date (00:00 in the Netherlands)', async () => {
    const ask = (at: string) =>
      call(POLICE, 'POST', '/covenant/decisions', {
        body: { recipients: [{ organisationId: 'specialist-re' }], categories: ['special-religion'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'wpg-20' }, at },
      });
    const before = await ask('2023-09-30T21:59:59.999Z');
    const on = await ask('2023-09-30T22:00:00.000Z');
    expect(before.body).toMatchObject({ decision: 'deny', covenantVersion: 'cter-2018' });
    expect(before.body.outcomes[0].articles).toEqual(['7(4)']);
    expect(on.body).toMatchObject({ decision: 'allow', covenantVersion: 'cter-2023' });
  });

  it('lets the privacy officer ask for any sender, and names unknown organisations with 422', async () => {
    const asked = await call(PRIVACY_OFFICER, 'POST', '/covenant/decisions', {
      body: { sender: 'ggz', recipients: [{ organisationId: 'gemeente-haarlem' }], categories: ['care-information'], purpose: 'case-consultation', stage: 'consultation', basis: { kind: 'legal-basis', reference: 'wfz-forensic-care' } },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.outcomes[0].articles).toEqual(['10(2)']);
    const unknown = await call(POLICE, 'POST', '/covenant/decisions', {
      body: { recipients: [{ organisationId: 'nobody-here' }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'wpg-20' } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: 'recipients.0.organisationId', message: `not a partner organisation of ${REGION}` }]);
  });
});

describe('POST /cases/{caseId}/disclosures', () => {
  it('refuses a police disclosure of criminal data to a care partner at the signal stage, citing art. 8(1), and stores nothing', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'signal-received' });
    const reply = await call(POLICE, 'POST', `/cases/${caseId}/disclosures`, { body: criminalData('weighing') });
    expect(reply.status, JSON.stringify(reply.body)).toBe(403);
    expect(reply.body.error.code).toBe('SharingRefused');
    expect(reply.body.error.message).toMatch(/refused under cter-2023, art\. .*8\(1\)/);
    expect(reply.body.error.details.some((d: { message: string }) => d.message.includes('art. 8(1) (criminal-not-at-signal)'))).toBe(true);
    const writes = (await auditRecords(sharedTables(REGION), caseId)).filter((r) => r.route === 'POST /cases/{caseId}/disclosures');
    expect(writes).toEqual([]);
  });

  describe('at the consultation stage, to an invited partner', () => {
    let subject: QuietCase;
    let disclosureId: string;

    beforeAll(async () => {
      subject = await seedQuietCase(REGION, {
        municipality: 'haarlem',
        state: 'consultation',
        participants: [
          { organisationId: 'ggz', role: 'measure-owner', until: invitedUntil() },
          { organisationId: 'jeugdzorg', role: 'consultation', until: invitedUntil() },
        ],
      });
    });

    it('is allowed under the need-to-know article and stored with the covenant version', async () => {
      const reply = await call(POLICE, 'POST', `/cases/${subject.caseId}/disclosures`, { body: criminalData('case-consultation') });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      expect(reply.body).toMatchObject({ decision: 'allow', covenantVersion: 'cter-2023', stage: 'consultation', recipients: ['ggz'], categories: ['criminal-data'], articles: ['9(4)'] });
      expect(reply.body.policies.map((p: { id: string }) => p.id)).toEqual(['need-to-know-mental-health-care']);
      disclosureId = reply.body.disclosureId;
      const [write] = (await auditRecords(sharedTables(REGION), subject.caseId)).filter((r) => r.route === 'POST /cases/{caseId}/disclosures');
      expect(write).toMatchObject({ action: 'write', organisationId: 'politie', categories: ['criminal-data'], purpose: 'case-consultation', covenantVersion: 'cter-2023' });
    });

    it('shows the recipient the disclosed items in its case view, and nothing more', async () => {
      const reply = await call(GGZ, 'GET', `/cases/${subject.caseId}`);
      expect(reply.status).toBe(200);
      expect(reply.body.disclosures).toEqual([
        {
          disclosureId,
          sender: 'politie',
          disclosedAt: expect.any(String),
          purpose: 'case-consultation',
          covenantVersion: 'cter-2023',
          items: criminalData('case-consultation').items,
        },
      ]);
      expect(reply.body).not.toHaveProperty('signal');
      expect(JSON.stringify(reply.body)).not.toContain(subject.bsn);
      // Another invited partner, and the directing municipality, received nothing.
      expect((await call(YOUTH_CARE, 'GET', `/cases/${subject.caseId}`)).body.disclosures).toEqual([]);
      expect((await call(HAARLEM, 'GET', `/cases/${subject.caseId}`)).body.disclosures).toEqual([]);
    });

    it('records the invited partner’s read in the audit trail with the covenant version, for the privacy officer only', async () => {
      const trail = await call(PRIVACY_OFFICER, 'GET', `/cases/${subject.caseId}/audit`);
      expect(trail.status, JSON.stringify(trail.body)).toBe(200);
      expect(trail.body.records).toContainEqual(
        expect.objectContaining({ organisationId: 'ggz', route: 'GET /cases/{caseId}', action: 'read', caseId: subject.caseId, covenantVersion: 'cter-2023', categories: ['identity', 'criminal-data'], requestId: expect.any(String), at: expect.any(String) }),
      );
      expect(JSON.stringify(trail.body)).not.toContain(subject.bsn);
      expect((await call(POLICE, 'GET', `/cases/${subject.caseId}/audit`)).status).toBe(403);
      expect((await call(HAARLEM, 'GET', `/cases/${subject.caseId}/audit`)).status).toBe(403);
    });

    it('refuses a recipient outside its need-to-know list with the article (youth care gets no criminal data)', async () => {
      const reply = await call(POLICE, 'POST', `/cases/${subject.caseId}/disclosures`, { body: { ...criminalData('case-consultation'), recipients: ['jeugdzorg'] } });
      expect(reply.status).toBe(403);
      expect(reply.body.error.message).toContain('8(3)');
    });

    it('refuses an unknown recipient, and the sender as its own recipient, with 422', async () => {
      const reply = await call(POLICE, 'POST', `/cases/${subject.caseId}/disclosures`, { body: { ...criminalData('case-consultation'), recipients: ['nobody-here', 'politie'] } });
      expect(reply.status).toBe(422);
      expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['recipients.0', 'recipients.1']);
    });

    it('refuses items of a category the disclosure does not name', async () => {
      const body = criminalData('case-consultation');
      const reply = await call(POLICE, 'POST', `/cases/${subject.caseId}/disclosures`, { body: { ...body, items: [{ ...body.items[0], category: 'identity' }] } });
      expect(reply.status).toBe(422);
      expect(reply.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['categories.0', 'items.0.category']);
    });
  });
});

describe('consent', () => {
  let subject: QuietCase;
  let consentId: string;
  const careInformation = (basis: unknown, recipients = ['gemeente-haarlem']) => ({
    recipients,
    categories: ['care-information'],
    items: [{ category: 'care-information', label: 'Behandelverloop', content: 'Volgt sinds maart wekelijks gesprekken; motivatie wisselend.' }],
    purpose: 'case-consultation',
    basis,
    proportionality: 'Alleen het verloop, geen diagnose.',
    subsidiarity: 'De gemeente heeft het verloop nodig voor het plan; de betrokkene stemde in.',
  });

  beforeAll(async () => {
    subject = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'ggz', role: 'measure-owner', until: invitedUntil() }] });
  });

  it('care information of a care partner moves only with consent (art. 10(2))', async () => {
    const reply = await call(GGZ, 'POST', `/cases/${subject.caseId}/disclosures`, { body: careInformation({ kind: 'legal-basis', reference: 'wfz-forensic-care' }) });
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toContain('10(2)');
  });

  it('is recorded by the invited care partner that holds it, and carries a disclosure within its scope', async () => {
    const recorded = await call(GGZ, 'POST', `/cases/${subject.caseId}/consents`, {
      body: { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: new Date(now.getTime() - 3_600_000).toISOString(), form: 'written', reference: 'GGZ-TOESTEMMING-0042' },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body).toMatchObject({ holder: 'ggz', state: 'active', covenantVersion: 'cter-2023' });
    consentId = recorded.body.consentId;

    const shared = await call(GGZ, 'POST', `/cases/${subject.caseId}/disclosures`, { body: careInformation({ kind: 'consent', consentId }) });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect(shared.body.articles).toEqual(['9(1)']);
  });

  it('does not carry a disclosure outside its scope', async () => {
    const reply = await call(GGZ, 'POST', `/cases/${subject.caseId}/disclosures`, { body: careInformation({ kind: 'consent', consentId }, ['politie']) });
    expect(reply.status).toBe(403);
    expect(reply.body.error.details).toContainEqual({ path: 'recipients.0', message: `consent ${consentId} does not cover sharing with politie` });
  });

  it('once withdrawn, refuses every further disclosure relying on it (art. 10(3))', async () => {
    const withdrawn = await call(HAARLEM, 'POST', `/cases/${subject.caseId}/consents/${consentId}/withdrawal`, { body: { note: 'Betrokkene trok de toestemming telefonisch in.' } });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', withdrawalRecordedBy: 'gemeente-haarlem' });

    const again = await call(GGZ, 'POST', `/cases/${subject.caseId}/disclosures`, { body: careInformation({ kind: 'consent', consentId }) });
    expect(again.status).toBe(403);
    expect(again.body.error.message).toContain('10(3)');
    expect((await call(GGZ, 'POST', `/cases/${subject.caseId}/consents/${consentId}/withdrawal`, { body: {} })).status).toBe(409);
    // What was disclosed before the withdrawal stays with the recipient.
    expect((await call(HAARLEM, 'GET', `/cases/${subject.caseId}`)).body.disclosures).toHaveLength(1);
  });

  it('is not recorded by partners that hold no consent (IAM) nor by a care partner not invited (404)', async () => {
    const body = { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: now.toISOString(), form: 'oral' };
    expect((await call(POLICE, 'POST', `/cases/${subject.caseId}/consents`, { body })).status).toBe(403);
    expect((await call(`${REGION}.veilig-thuis`, 'POST', `/cases/${subject.caseId}/consents`, { body })).status).toBe(404);
  });
});

describe('POST /cases/{caseId}/informing', () => {
  it('records that the person was informed, or a deferral with a review date in the future', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation' });
    const today = now.toISOString().slice(0, 10);
    const past = await call(HAARLEM, 'POST', `/cases/${caseId}/informing`, { body: { kind: 'deferred', ground: 'ongoing-investigation', reason: 'Lopend opsporingsonderzoek', reviewAt: today } });
    expect(past.status).toBe(422);
    expect(past.body.error.details[0].path).toBe('reviewAt');
    const noReason = await call(HAARLEM, 'POST', `/cases/${caseId}/informing`, { body: { kind: 'deferred', ground: 'safety', reviewAt: '2099-01-01' } });
    expect(noReason.status).toBe(422);

    const informed = await call(HAARLEM, 'POST', `/cases/${caseId}/informing`, { body: { kind: 'informed', informedAt: now.toISOString(), channel: 'letter' } });
    expect(informed.status, JSON.stringify(informed.body)).toBe(201);
    expect(informed.body).toMatchObject({ kind: 'informed', recordedBy: 'gemeente-haarlem', covenantVersion: 'cter-2023' });
    expect((await call(GGZ, 'POST', `/cases/${caseId}/informing`, { body: { kind: 'informed', informedAt: now.toISOString(), channel: 'letter' } })).status).toBe(403);
  });
});

describe('POST /subjects/report', () => {
  it('gives the privacy officer everything stored about the person, including the disclosures made and to whom', async () => {
    const subject = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'ggz', role: 'measure-owner', until: invitedUntil() }] });
    expect((await call(POLICE, 'POST', `/cases/${subject.caseId}/disclosures`, { body: criminalData('case-consultation') })).status).toBe(201);

    const report = await call(PRIVACY_OFFICER, 'POST', '/subjects/report', { body: { bsn: subject.bsn } });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.cases).toHaveLength(1);
    const [found] = report.body.cases;
    expect(found.case).toMatchObject({ caseId: subject.caseId, subject: { bsn: subject.bsn, name: subject.name }, signal: { reason: expect.any(String) } });
    expect(found.history.length).toBeGreaterThan(0);
    expect(found.disclosures).toEqual([expect.objectContaining({ sender: 'politie', recipients: ['ggz'], categories: ['criminal-data'], covenantVersion: 'cter-2023', basis: { kind: 'legal-basis', reference: 'wpg-20' } })]);
    expect(found.access.some((a: { organisationId: string; route: string }) => a.organisationId === 'politie' && a.route === 'POST /cases/{caseId}/disclosures')).toBe(true);

    const read = (await auditRecords(sharedTables(REGION), subject.caseId)).filter((r) => r.route === 'POST /subjects/report');
    expect(read).toEqual([expect.objectContaining({ organisationId: 'privacy-officer', purpose: 'subject-access', covenantVersion: 'cter-2023' })]);
  });

  it('answers an unknown person with no cases, and nobody but the privacy officer may ask', async () => {
    const nobody = await call(PRIVACY_OFFICER, 'POST', '/subjects/report', { body: { bsn: '111222333' } });
    expect(nobody.status).toBe(200);
    expect(nobody.body.cases).toEqual([]);
    expect((await call(HAARLEM, 'POST', '/subjects/report', { body: { bsn: '111222333' } })).status).toBe(403);
    const invalid = await call(PRIVACY_OFFICER, 'POST', '/subjects/report', { body: { bsn: '123456789' } });
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(invalid.body)).not.toContain('123456789');
  });
});
