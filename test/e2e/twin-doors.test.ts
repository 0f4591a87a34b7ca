// The twin's own doors: STS role sessions (AssumeRole with a role session name), and the endpoints
// beside the API (Step Functions, EventBridge, the twin's controls, DynamoDB Local), which must be
// as closed as AWS's. On a twin of this file's own, because these tests move its clock.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { signalFor, signedCall, sessionCredentials } from '../support/signed-client';
import { useOwnTwin } from '../support/own-twin';
import { endpointCall, keysOf, sfnCall } from '../support/twin-ops';

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

describe("the twin's side doors", () => {
  /** A real pending task of a fresh case: what an attacker on the machine would be after. */
  async function pendingTask() {
    const signal = await signedCall(api(), own.twin().credentials.find((c) => c.profile === POLICE)!, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(signal.status, JSON.stringify(signal.body)).toBe(201);
    await own.twin().idle();
    for (let i = 0; i < 100; i++) {
      const task = own.twin().stepFunctions.pendingTasks().find((t) => t.executionArn.includes(signal.body.caseId));
      if (task) return task;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await own.twin().idle();
    }
    throw new Error('no pending task for the new case');
  }

  it('refuses unsigned Step Functions calls (SendTaskSuccess, GetExecutionHistory) and partners, and serves the ops profile', async () => {
    const task = await pendingTask();
    const unsignedSuccess = await sfnCall(own.twin(), 'SendTaskSuccess', { taskToken: task.taskToken, output: '{"outcome":"contributed"}' }, false);
    expect(unsignedSuccess.status).toBe(403);
    expect(unsignedSuccess.body.__type).toBe('MissingAuthenticationTokenException');
    const unsignedHistory = await sfnCall(own.twin(), 'GetExecutionHistory', { executionArn: task.executionArn }, false);
    expect(unsignedHistory.status).toBe(403);
    expect(JSON.stringify(unsignedHistory.body)).not.toContain(task.taskToken);
    const wrongSecret = await endpointCall({ credentials: own.twin().credentials.map((c) => (c.profile === 'twin-ops' ? { ...c, secretAccessKey: 'x'.repeat(40) } : c)) }, own.twin().endpoints.stepfunctions, 'states', {
      body: JSON.stringify({ executionArn: task.executionArn }),
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.GetExecutionHistory' },
    });
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.body.__type).toBe('InvalidSignatureException');
    // A partner's keys sign fine, but its role may not answer the work process's tasks.
    const partner = await sfnCall(own.twin(), 'SendTaskSuccess', { taskToken: task.taskToken, output: '{}' }, POLICE);
    expect(partner.body.__type, JSON.stringify(partner)).toBe('AccessDeniedException');
    expect(own.twin().stepFunctions.pendingTasks().some((t) => t.taskToken === task.taskToken)).toBe(true);

    const sfn = new SFNClient({ endpoint: own.twin().endpoints.stepfunctions, region: 'eu-west-1', credentials: keysOf(own.twin()) });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: task.executionArn }));
    expect(history.events?.length).toBeGreaterThan(0);
  });

  it('refuses unsigned and partner PutEvents, and takes the ops profile', async () => {
    const entry = { Entries: [{ EventBusName: `cter-${REGION}-events`, Source: 'twin.test', DetailType: 'probe', Detail: '{}' }] };
    const put = (as: string | false) =>
      endpointCall(own.twin(), own.twin().endpoints.eventbridge, 'events', { body: JSON.stringify(entry), headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' }, as });
    const unsigned = await put(false);
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.__type).toBe('MissingAuthenticationTokenException');
    expect((await put(POLICE)).body.__type).toBe('AccessDeniedException');
    const ops = await put('twin-ops');
    expect(ops.status, JSON.stringify(ops.body)).toBe(200);
    expect(ops.body.FailedEntryCount).toBe(0);
  });

  it('takes control calls only as JSON and signed by the ops profile', async () => {
    const clock = (call: { as?: string | false; type?: string }) =>
      endpointCall(own.twin(), own.twin().endpoints.stepfunctions, 'states', { path: '/_twin/clock', body: JSON.stringify({ advanceSeconds: 1 }), headers: { 'content-type': call.type ?? 'application/json' }, ...(call.as !== undefined ? { as: call.as } : {}) });
    const before = own.twin().clock.nowMs();
    // A cross-site form post can send text/plain without a preflight; the twin refuses it, signed or not.
    expect((await clock({ as: false, type: 'text/plain' })).status).toBe(415);
    expect((await clock({ type: 'text/plain' })).status).toBe(415);
    expect((await clock({ as: false })).status).toBe(403);
    expect((await clock({ as: POLICE })).status).toBe(403);
    expect(own.twin().clock.nowMs() - before).toBeLessThan(1000);
    const moved = await clock({});
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(own.twin().clock.nowMs() - before).toBeGreaterThanOrEqual(1000);
    // Reading the clock stays open.
    expect((await fetch(`${own.twin().endpoints.stepfunctions}/_twin/clock`)).status).toBe(200);
    const subscribe = await endpointCall(own.twin(), own.twin().endpoints.eventbridge, 'events', { path: '/_twin/events/subscriptions', body: JSON.stringify({ bus: `cter-${REGION}-events`, url: 'http://127.0.0.1:9/hook' }), headers: { 'content-type': 'text/plain' }, as: false });
    expect(subscribe.status).toBe(415);
    const unsignedSubscribe = await endpointCall(own.twin(), own.twin().endpoints.eventbridge, 'events', { path: '/_twin/events/subscriptions', body: JSON.stringify({ bus: `cter-${REGION}-events`, url: 'http://127.0.0.1:9/hook' }), headers: { 'content-type': 'application/json' }, as: false });
    expect(unsignedSubscribe.status).toBe(403);
  });

  it('binds DynamoDB Local and every other listener to the loopback address only', async (context) => {
    const external = Object.values(networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4');
    if (!external) {
      context.skip('this machine has no non-loopback IPv4 address to try');
      return;
    }
    const t = own.twin();
    const ports = [t.endpoints.dynamodb, t.endpoints.sts, t.endpoints.stepfunctions, t.endpoints.eventbridge, ...Object.values(t.endpoints.regions).map((r) => r.api)].map((u) => Number(new URL(u).port));
    for (const port of ports) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external.address, port, timeout: 2000 });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
        socket.once('timeout', () => (socket.destroy(), resolve(false)));
      });
      expect(reached, `port ${port} answers on ${external.address}`).toBe(false);
    }
  });

  it('works with the AWS CLI and the twin-ops profile', async (context) => {
    // Asynchronously: the twin runs in this process and must answer while the CLI waits.
    const aws = async (args: string[], env?: NodeJS.ProcessEnv) => (await promisify(execFile)('aws', args, { encoding: 'utf8', ...(env ? { env } : {}) })).stdout;
    let version: string;
    try {
      version = await aws(['--version']);
    } catch {
      context.skip('the AWS CLI (aws) is not installed: apt-get install -y awscli');
      return;
    }
    expect(version).toMatch(/aws-cli/);
    // The profile as .twin/credentials writes it.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cter-cli-')), 'credentials');
    const ops = own.twin().credentials.find((c) => c.profile === 'twin-ops')!;
    writeFileSync(file, `[twin-ops]\naws_access_key_id = ${ops.accessKeyId}\naws_secret_access_key = ${ops.secretAccessKey}\nregion = ${ops.region}\n`, { mode: 0o600 });
    const env = { ...process.env, AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: '/dev/null', AWS_PAGER: '' };
    const out = await aws(['stepfunctions', 'list-state-machines', '--profile', 'twin-ops', '--endpoint-url', own.twin().endpoints.stepfunctions, '--output', 'json'], env);
    expect(JSON.parse(out).stateMachines.length).toBeGreaterThan(0);
    const identity = await aws(['sts', 'get-caller-identity', '--profile', 'twin-ops', '--endpoint-url', own.twin().endpoints.sts, '--output', 'json'], env);
    const refused = await aws(['stepfunctions', 'list-state-machines', '--no-sign-request', '--region', 'eu-west-1', '--endpoint-url', own.twin().endpoints.stepfunctions], env).catch((error: { stderr?: string }) => error.stderr ?? '');
    expect(refused).toMatch(/MissingAuthenticationToken/);
    expect(JSON.parse(identity).Arn).toMatch(/assumed-role\/cter-twin-ops\/twin$/);
  });
});

describe('the gateway', () => {
  it('refuses empty path segments before any function runs, so a trailing slash cannot step around the IAM deny', async () => {
    const police = own.twin().credentials.find((c) => c.profile === POLICE)!;
    const signal = await signedCall(api(), police, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(signal.status, JSON.stringify(signal.body)).toBe(201);
    for (const path of [`/cases/${signal.body.caseId}/audit/`, `/cases//${signal.body.caseId}/audit`, `/cases/${signal.body.caseId}//audit`]) {
      const reply = await signedCall(api(), police, 'GET', path);
      expect(reply.status, path).toBe(403);
      // The gateway's own AWS-shaped refusal, not a function's {"error": ...}.
      expect(reply.headers.get('x-amzn-errortype'), path).toBe('MissingAuthenticationTokenException');
    }
  });

  it('refuses a large body from an unknown key on its headers, before the body is read', async () => {
    const url = new URL(`${api().api}/signals`);
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    // 8 MB, under API Gateway's 10 MB limit: only the unknown key can refuse it early.
    const total = 8;
    const outcome = await new Promise<{ status: number; type: string | undefined; sentWhenAnswered: number }>((resolve, reject) => {
      let sent = 0;
      const req = httpRequest({
        method: 'POST',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: {
          'content-type': 'application/json',
          'content-length': String(total * chunk.length),
          'x-amz-date': '20261205T000000Z',
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIAUNKNOWNUNKNOWN00/20261205/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, type: res.headers['x-amzn-errortype'] as string | undefined, sentWhenAnswered: sent });
        req.destroy();
      });
      req.on('error', (error) => (sent < total ? undefined : reject(error)));
      // Send a megabyte every 100 ms: the whole body would take most of a second to arrive.
      const next = () => {
        if (sent >= total || req.destroyed) return req.end();
        req.write(chunk);
        sent++;
        setTimeout(next, 100);
      };
      next();
    });
    // Answered while the client was still sending (the old gateway read all 8 MB first).
    expect(outcome.sentWhenAnswered).toBeLessThan(total);
    expect(outcome.status).toBe(403);
    expect(outcome.type).toBe('UnrecognizedClientException');
  });
});

describe("the functions' execution environments", () => {
  it('runs a burst in at most four environments of a function, each request answered, and counts their CPU', async () => {
    const police = own.twin().credentials.find((c) => c.profile === POLICE)!;
    const host = [...own.twin().regions.get(REGION)!.functions.entries()].find(([id]) => id.startsWith('ListCasesFunction'))![1];
    const before = host.usage;
    // Twelve at once: Lambda would start up to twelve environments; the twin starts four and queues the rest.
    const replies = await Promise.all(Array.from({ length: 12 }, () => signedCall(api(), police, 'GET', '/cases?limit=5')));
    expect(replies.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(host.environmentLimit).toBe(4);
    expect(host.environmentCount).toBeGreaterThan(0);
    expect(host.environmentCount).toBeLessThanOrEqual(4);
    const after = host.usage;
    expect(after.invocations - before.invocations).toBe(12);
    if (process.platform === 'linux') expect(after.cpuSeconds).toBeGreaterThan(before.cpuSeconds);
  });
});
