// The typed client (@cter/client) against the shared twin: the README's script runs as written
// (a profile from the twin's credentials file, the endpoints file), responses match the response
// schemas the OpenAPI document publishes, and failures arrive as typed errors.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { safeParse } from 'zod/mini';
import type * as core from 'zod/v4/core';
import { CaseHistory, CaseListPage, CaseView, CatalogueResponse, CovenantDecision, MeasureSuggestions, PlanResponse, RegisterSignalResponse, TaskList } from '@cter/domain/schemas';
import { CterClient, ForbiddenError, NotFoundError, ValidationError } from '@cter/client';
import { credentialOf, signalFor } from '../support/signed-client';

const root = path.resolve(import.meta.dirname, '../..');

function clientAs(profile: string): CterClient {
  const { accessKeyId, secretAccessKey } = credentialOf(profile);
  const region = profile.split('.')[0]!;
  return new CterClient({ region, baseUrl: inject('twin').endpoints.regions[region]!.api, credentials: { accessKeyId, secretAccessKey } });
}

function conforms(schema: core.$ZodType, value: unknown): void {
  const result = safeParse(schema, value);
  expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
}

describe('the README script', () => {
  it('registers a signal, lists tasks and posts a decision with a profile from the credentials file', async () => {
    const { stateDir } = inject('twin');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_SHARED_CREDENTIALS_FILE: path.join(stateDir, 'credentials'),
      AWS_CONFIG_FILE: path.join(stateDir, 'no-config'),
      AWS_PROFILE: 'kennemerland.politie',
      CTER_ENDPOINTS_FILE: path.join(stateDir, 'endpoints.json'),
    };
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[key];
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/signal-to-decision.ts'], { cwd: root, env, timeout: 60_000 });
    expect(stdout).toMatch(/registered KEN-\d{4}-\d{6}/);
    expect(stdout).toMatch(/task [0-9a-f-]{36}: /);
    expect(stdout).toMatch(/decided weighing-contribution: contributed/);
  }, 90_000);
});

describe('responses match the published schemas', () => {
  it('for the cases, workflow, covenant and measures routes', async () => {
    const politie = clientAs('kennemerland.politie');
    const signal = await politie.registerSignal(signalFor('haarlem'));
    conforms(RegisterSignalResponse, signal);
    conforms(CaseView, await politie.getCase(signal.caseId));
    conforms(CaseView, await clientAs('kennemerland.gemeente-haarlem').getCase(signal.caseId));
    conforms(CaseHistory, await politie.getCaseHistory(signal.caseId));
    conforms(CaseListPage, await politie.listCases({ limit: 5 }));
    const task = await politie.waitForTask(signal.caseId, (t) => t.kind === 'weighing-contribution', { intervalMs: 200 });
    conforms(TaskList, await politie.listTasks(signal.caseId));
    const decision = await politie.decide(signal.caseId, { task: task.taskId, outcome: 'contributed', reasoning: 'Bekend bij de politie; criteria vastgelegd' });
    expect(decision).toMatchObject({ caseId: signal.caseId, task: task.taskId, outcome: 'contributed' });
    conforms(CovenantDecision, await politie.askCovenant({ recipients: [{ organisationId: 'om' }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'wpg-20' } }));
    conforms(CatalogueResponse, await politie.getCatalogue());
    conforms(MeasureSuggestions, await politie.getSuggestions(signal.caseId));
    conforms(PlanResponse, await politie.getPlan(signal.caseId));
  }, 60_000);

  it('replays a signal sent again with the same Idempotency-Key', async () => {
    const politie = clientAs('kennemerland.politie');
    const body = signalFor('haarlem');
    const key = `readme-${Date.now()}`;
    const first = await politie.registerSignal(body, { idempotencyKey: key });
    const again = await politie.send('POST /signals', { body, headers: { 'idempotency-key': key } });
    expect(again.body.caseId).toBe(first.caseId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('typed errors from the real stack', () => {
  it('names the invalid fields', async () => {
    const error = await clientAs('kennemerland.politie')
      .registerSignal(signalFor('haarlem', { subject: { name: 'X', bsn: '123456789', birthDate: '2005-03-14', municipality: 'haarlem' } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.path)).toContain('subject.bsn');
    expect((error as ValidationError).requestId).toBeTruthy();
  });

  it("raises the gateway's IAM refusal and an invisible case as typed errors", async () => {
    const denied = await clientAs('kennemerland.one-on-one').listCases().catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ForbiddenError);
    expect(denied).toMatchObject({ status: 403, code: 'AccessDeniedException', fromGateway: true });
    const missing = await clientAs('kennemerland.politie').getCase(crypto.randomUUID()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
  });
});
