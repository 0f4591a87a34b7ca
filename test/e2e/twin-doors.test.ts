// The twin's own doors: STS role sessions (AssumeRole with a role session name), and the endpoints
// beside the API (Step Functions, EventBridge, the twin's controls, DynamoDB Local), which must be
// as closed as AWS's. On a twin of this file's own, because these tests move its clock.
import { describe, expect, it } from 'vitest';
import { signalFor, signedCall, sessionCredentials } from '../support/signed-client';
import { useOwnTwin } from '../support/own-twin';

const REGION = 'kennemerland';
const POLICE = `${REGION}.politie`;
const PRIVACY_OFFICER = `${REGION}.privacy-officer`;

const own = useOwnTwin();
const api = () => own.twin().endpoints.regions[REGION]!;

describe('STS AssumeRole: role sessions with a session name', () => {
  it('signs API calls whose principal carries the session name, as the audit trail shows the privacy officer', async () => {
    const agent = await sessionCredentials(own.twin(), POLICE, 'agent-0042');
    expect(agent.accessKeyId).toMatch(/^ASIA/);
    expect(agent.sessionToken).toBeTruthy();
    const signal = await signedCall(api(), agent, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(signal.status, JSON.stringify(signal.body)).toBe(201);

    const officer = await sessionCredentials(own.twin(), PRIVACY_OFFICER, 'fg.de-vries@haarlem');
    const first = await signedCall(api(), officer, 'GET', `/cases/${signal.body.caseId}/audit`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.records).toContainEqual(expect.objectContaining({ route: 'POST /signals', principalArn: expect.stringMatching(/^arn:aws:sts::\d{12}:assumed-role\/[^/]+\/agent-0042$/) }));
    const second = await signedCall(api(), officer, 'GET', `/cases/${signal.body.caseId}/audit`);
    expect(second.body.records).toContainEqual(expect.objectContaining({ route: 'GET /cases/{caseId}/audit', principalArn: expect.stringMatching(/\/fg\.de-vries@haarlem$/) }));
  });

  it('refuses a forged session token, session keys without their token, and expired sessions', async () => {
    const session = await sessionCredentials(own.twin(), POLICE, 'agent-0043', { durationSeconds: 900 });
    const forged = await signedCall(api(), { ...session, sessionToken: `${session.sessionToken!.slice(0, -4)}AAAA` }, 'GET', '/cases?limit=1');
    expect(forged.status).toBe(403);
    expect(forged.body.__type).toBe('UnrecognizedClientException');
    const withoutToken = await signedCall(api(), { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }, 'GET', '/cases?limit=1');
    expect(withoutToken.status).toBe(403);
    expect((await signedCall(api(), session, 'GET', '/cases?limit=1')).status).toBe(200);

    own.twin().clock.advance(901_000);
    const expired = await signedCall(api(), session, 'GET', '/cases?limit=1');
    expect(expired.status).toBe(403);
    expect(expired.body.__type).toBe('ExpiredTokenException');
  });

  it("refuses to assume another organisation's role, bad session names and durations over the role's maximum", async () => {
    const privacyOfficerRole = own.twin().credentials.find((c) => c.profile === PRIVACY_OFFICER)!.roleArn;
    await expect(sessionCredentials(own.twin(), POLICE, 'agent-0044', { roleArn: privacyOfficerRole })).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('is not authorized to perform: sts:AssumeRole') });
    await expect(sessionCredentials(own.twin(), POLICE, 'x')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(sessionCredentials(own.twin(), POLICE, 'agent 0044')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(sessionCredentials(own.twin(), POLICE, 'agent-0044', { durationSeconds: 7200 })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('MaxSessionDuration') });
    await expect(sessionCredentials(own.twin(), POLICE, 'agent-0044', { durationSeconds: 600 })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
