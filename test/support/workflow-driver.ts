// Drives cases through the work process as partners would: signed HTTP for signals, tasks and
// decisions; the twin's clock for deadlines and due dates; execution history for assertions.
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { LOCAL_ACCOUNT } from '@cter/twin';
import type { OwnTwin } from './own-twin';
import { signalFor } from './signed-client';
import { planVersionToAdopt } from './measures';
import { keysOf } from './twin-ops';

const DAY_MS = 86_400_000;

export interface OpenTask {
  taskId: string;
  kind: string;
  topic?: string;
  allowedOutcomes: string[];
  dueAt: string;
}

export class WorkflowDriver {
  constructor(
    private readonly own: OwnTwin,
    readonly region: string,
  ) {}

  private get twin() {
    return this.own.twin();
  }

  profile(organisation: string): string {
    return `${this.region}.${organisation}`;
  }

  /** Registers a signal as the police; returns the case id once its work process is running. */
  async signal(municipality: string, extra: Record<string, unknown> = {}): Promise<string> {
    const reply = await this.own.call(this.profile('politie'), 'POST', '/signals', { body: { ...signalFor(municipality), ...extra } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    await this.settle();
    return reply.body.caseId as string;
  }

  /** Lets streams and running steps finish. */
  async settle(): Promise<void> {
    await this.twin.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await this.twin.idle();
  }

  async tasks(organisation: string, caseId: string): Promise<OpenTask[]> {
    const reply = await this.own.call(this.profile(organisation), 'GET', `/cases/${caseId}/tasks`);
    // A partner that may not see the case sees it only while it has a task on it: 404 means none.
    if (reply.status === 404) return [];
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body.tasks as OpenTask[];
  }

  /** Waits until `organisation` has an open task of `kind` (and `topic`) on the case. */
  async waitForTask(organisation: string, caseId: string, kind: string, topic?: string, timeoutMs = 20_000): Promise<OpenTask> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = (await this.tasks(organisation, caseId)).find((t) => t.kind === kind && (topic === undefined || t.topic === topic));
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no open ${kind}${topic ? `/${topic}` : ''} task for ${organisation} on ${caseId}; state ${(await this.caseOf(caseId)).state}`);
      await this.settle();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Decides the open task of `kind` as `organisation` and waits for the work process to take it. */
  async decide(organisation: string, caseId: string, kind: string, outcome: string, topic?: string): Promise<void> {
    const task = await this.waitForTask(organisation, caseId, kind, topic);
    // Adopting a plan names the plan version the consultation adopts (drafted here when there is none).
    const adoptsPlan = kind === 'plan-adoption' || (kind === 'escalation' && topic === 'plan-adoption');
    const planVersion = adoptsPlan ? await planVersionToAdopt((profile, method, path, options) => this.own.call(profile, method, path, options ?? {}), this.region, caseId) : undefined;
    const reply = await this.own.call(this.profile(organisation), 'POST', `/cases/${caseId}/decisions`, {
      body: { task: task.taskId, outcome, reasoning: `${kind}: ${outcome}, criteria recorded in the test`, ...(planVersion !== undefined ? { planVersion } : {}) },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(202);
    await this.settle();
  }

  /** A signal of `municipality`, through the weighing's contributions: the weighing decision is next. */
  async throughWeighing(municipality = 'haarlem'): Promise<string> {
    const caseId = await this.signal(municipality);
    await this.waitForState(caseId, 'weighing');
    await this.contributeAll(caseId, municipality);
    return caseId;
  }

  /** A haarlem case admitted by the triangle with its plan adopted: in monitoring, its first cycle waiting. */
  async admitted(): Promise<string> {
    const caseId = await this.throughWeighing();
    await this.decide('gemeente-haarlem', caseId, 'weighing-decision', 'propose-admission');
    await this.decide('gemeente-haarlem', caseId, 'triangle-decision', 'admit');
    await this.decide('zvh', caseId, 'plan-adoption', 'adopted');
    await this.waitForState(caseId, 'monitoring');
    return caseId;
  }

  /**
   * The municipality offers the case to zaanstreek-waterland (zaanstad); returns the id of the case
   * the receiving region registered for it (found by its origin).
   */
  async offerTransfer(caseId: string, municipality: string): Promise<string> {
    const current = await this.caseOf(caseId);
    const reply = await this.own.call(this.profile(`gemeente-${municipality}`), 'POST', `/cases/${caseId}/transfers`, {
      body: { version: current.version, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'betrokkene is verhuisd; warme overdracht besproken' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(202);
    await this.waitForState(caseId, 'transfer-requested');
    const zw = new WorkflowDriver(this.own, 'zaanstreek-waterland');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      await zw.settle();
      const listed = await this.own.call('zaanstreek-waterland.politie', 'GET', '/cases?state=transfer-requested&municipality=zaanstad&limit=100');
      for (const summary of listed.body.items) {
        const incoming = await zw.caseOf(summary.caseId);
        if (incoming.transferIn?.originCaseId === caseId) return summary.caseId as string;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no incoming transfer of ${caseId} in zaanstreek-waterland`);
  }

  /** The weighing's contributions: the three core partners', and the specialist R&E's interpretation. */
  async contributeAll(caseId: string, municipality: string): Promise<void> {
    await this.decide(`gemeente-${municipality}`, caseId, 'weighing-contribution', 'contributed', 'municipality');
    await this.decide('politie', caseId, 'weighing-contribution', 'contributed', 'police');
    await this.decide('om', caseId, 'weighing-contribution', 'nothing-known', 'prosecutor');
    await this.decide('specialist-re', caseId, 'weighing-interpretation', 'no-indication');
  }

  /** A case the triangle admitted: in consultation, its plan-adoption task open for the ZVH. */
  async inConsultation(municipality = 'haarlem'): Promise<string> {
    const caseId = await this.signal(municipality);
    await this.waitForState(caseId, 'weighing');
    await this.contributeAll(caseId, municipality);
    await this.decide(`gemeente-${municipality}`, caseId, 'weighing-decision', 'propose-admission');
    await this.decide(`gemeente-${municipality}`, caseId, 'triangle-decision', 'admit');
    await this.waitForState(caseId, 'consultation');
    await this.waitForTask('zvh', caseId, 'plan-adoption');
    return caseId;
  }

  /** The ZVH invites a partner to the case for `days` from the twin's now. */
  async invite(caseId: string, organisationId: string, days = 120): Promise<void> {
    const read = await this.own.call(this.profile('zvh'), 'GET', `/cases/${caseId}`);
    const until = new Date(this.twin.clock.nowMs() + days * DAY_MS).toISOString();
    const reply = await this.own.call(this.profile('zvh'), 'POST', `/cases/${caseId}/participants`, { body: { version: read.body.version, organisationId, role: 'consultation', until, reasoning: 'Partner nodig voor het casusoverleg' } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }

  async caseOf(caseId: string): Promise<any> {
    const reply = await this.own.call(this.profile('politie'), 'GET', `/cases/${caseId}`);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  async waitForState(caseId: string, state: string, timeoutMs = 20_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = await this.caseOf(caseId);
      if (record.state === state) return record;
      if (Date.now() > deadline) throw new Error(`case ${caseId} is in ${record.state}, not ${state}`);
      await this.settle();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Moves the twin's clock forward: waits end and deadlines pass. */
  async advanceDays(days: number): Promise<void> {
    this.twin.clock.advance(days * DAY_MS);
    await this.settle();
  }

  /**
   * Moves the clock by `days` and waits for what fell due, retrying the idle wait: a jump of weeks
   * fires every missed daily job of every region, and every step still open escalates on the way,
   * which on a loaded machine takes longer than one idle wait.
   */
  async advanceDaysPatiently(days: number, attempts = 10): Promise<void> {
    this.twin.clock.advance(days * DAY_MS);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.settle();
      } catch (error) {
        if (attempt >= attempts || !/not idle/.test(String(error))) throw error;
      }
    }
  }

  async advanceSeconds(seconds: number): Promise<void> {
    this.twin.clock.advance(seconds * 1000);
    await this.settle();
  }

  executionArn(machine: 'intake' | 'monitoring' | 'detention' | 'transfer' | 'reception', name: string): string {
    return `arn:aws:states:eu-west-1:${LOCAL_ACCOUNT}:execution:cter-${this.region}-${machine}:${name}`;
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    // Signed with the twin-ops profile: the twin's Step Functions endpoint wants SigV4, as AWS does.
    const client = new SFNClient({ endpoint: this.twin.endpoints.stepfunctions, region: 'eu-west-1', credentials: keysOf(this.twin) });
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const out = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
      events.push(...(out.events ?? []));
      nextToken = out.nextToken;
    } while (nextToken);
    return events;
  }

  /**
   * What the histories of `executionArns` keep that they should not: each `secret` (e.g. a release
   * date) anywhere in an event, and any task token outside the TaskScheduled event of its own step
   * (AWS itself puts the token in that event's parameters). One line per finding; none is clean.
   */
  async historyLeaks(executionArns: string[], secrets: string[]): Promise<string[]> {
    const events = (await Promise.all(executionArns.map(async (arn) => (await this.history(arn)).map((event) => ({ arn, event }))))).flat();
    const tokenOf = (event: HistoryEvent): string | undefined => {
      if (event.type !== 'TaskScheduled') return undefined;
      const parameters = JSON.parse(event.taskScheduledEventDetails?.parameters ?? '{}') as { Payload?: { taskToken?: unknown } };
      return typeof parameters.Payload?.taskToken === 'string' ? parameters.Payload.taskToken : undefined;
    };
    const tokens = events.map(({ event }) => tokenOf(event)).filter((t): t is string => t !== undefined);
    const leaks: string[] = [];
    for (const { arn, event } of events) {
      const { timestamp: _t, ...rest } = event;
      const text = JSON.stringify(rest);
      const where = `${arn.split(':').slice(-2).join(':')} #${event.id} ${event.type}`;
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${where} holds ${secret}`);
      for (const token of tokens) if (text.includes(token) && tokenOf(event) !== token) leaks.push(`${where} holds a task token`);
    }
    return leaks;
  }

  /** The names of the states the execution entered, in order. */
  async enteredStates(executionArn: string): Promise<string[]> {
    return (await this.history(executionArn)).filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails!.name!);
  }

  async status(executionArn: string): Promise<string> {
    const described = await this.twin.stepFunctions.describeExecution({ executionArn });
    return String(described.status);
  }

  async waitForStatus(executionArn: string, status: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let current = 'MISSING';
      try {
        current = await this.status(executionArn);
      } catch {
        /* not started yet */
      }
      if (current === status) return;
      if (Date.now() > deadline) throw new Error(`${executionArn} is ${current}, not ${status}`);
      await this.settle();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
