// Cases driven as partners drive them (signed HTTP, real decisions) with the twin's virtual clock
// moved for the waits: the cost suite prices a signal that stops at the weighing and a full case
// (weighing, triangle, plan, two evaluation cycles, aftercare, closure); the foundation suite's first
// requests start from cases brought this far (admitted to the case consultation). Reads are kept to
// what a partner does: one task list before each decision, and one after each clock move.
import type { BenchTwin } from './twin';
import { signalBody } from './events';

const DAY_MS = 86_400_000;

export interface Task {
  taskId: string;
  kind: string;
  topic?: string;
}

export class CaseDriver {
  /** Virtual days the clock was moved. */
  daysAdvanced = 0;

  constructor(
    private readonly bench: BenchTwin,
    readonly region: string,
    readonly municipality: string,
    private readonly log: (line: string) => void,
    /** Runs the driver's own waiting reads (polls a partner would not make) outside the case's counts. */
    private readonly aside: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  ) {}

  async call<T = any>(organisation: string, method: string, path: string, expected: number, body?: unknown): Promise<T> {
    const reply = await this.bench.call<T>(`${this.region}.${organisation}`, method, path, body);
    if (reply.status !== expected) throw new Error(`case driver: ${organisation} ${method} ${path}: ${reply.status} (expected ${expected}) ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** Streams delivered and running steps done. */
  async settle(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.bench.twin.idle();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return await this.bench.twin.idle();
      } catch (error) {
        // A jump of days fires every missed daily job; on a loaded machine one idle wait may not see them all.
        if (attempt >= 10 || !/not idle/.test(String(error))) throw error;
      }
    }
  }

  async signal(): Promise<string> {
    const { caseId } = await this.call<{ caseId: string }>('politie', 'POST', '/signals', 201, signalBody(this.municipality));
    await this.settle();
    return caseId;
  }

  private async openTask(organisation: string, caseId: string, kind: string, topic?: string): Promise<Task | undefined> {
    const reply = await this.bench.call<{ tasks?: Task[] }>(`${this.region}.${organisation}`, 'GET', `/cases/${caseId}/tasks`);
    return reply.body.tasks?.find((t) => t.kind === kind && (topic === undefined || t.topic === topic));
  }

  /** The open task of `organisation` on the case, waiting for the work process to open it. */
  async waitForTask(organisation: string, caseId: string, kind: string, topic?: string): Promise<Task> {
    const deadline = Date.now() + 60_000;
    let task = await this.openTask(organisation, caseId, kind, topic);
    while (!task) {
      if (Date.now() > deadline) throw new Error(`case driver: no open ${kind}${topic ? `/${topic}` : ''} task for ${organisation} on ${caseId}`);
      await this.settle();
      await new Promise((resolve) => setTimeout(resolve, 200));
      task = await this.aside(() => this.openTask(organisation, caseId, kind, topic));
    }
    return task;
  }

  /** Decides the open task as `organisation`, waiting for the work process to open it first. */
  async decide(organisation: string, caseId: string, kind: string, outcome: string, topic?: string, extra: Record<string, unknown> = {}): Promise<void> {
    const task = await this.waitForTask(organisation, caseId, kind, topic);
    await this.call(organisation, 'POST', `/cases/${caseId}/decisions`, 202, { task: task.taskId, outcome, reasoning: `${kind}: ${outcome} (bench)`, ...extra });
    await this.settle();
    this.log(`case driver: ${organisation} decided ${kind}${topic ? `/${topic}` : ''}: ${outcome}`);
  }

  async contributions(caseId: string): Promise<void> {
    await this.decide(`gemeente-${this.municipality}`, caseId, 'weighing-contribution', 'contributed', 'municipality');
    await this.decide('politie', caseId, 'weighing-contribution', 'contributed', 'police');
    await this.decide('om', caseId, 'weighing-contribution', 'nothing-known', 'prosecutor');
    await this.decide('specialist-re', caseId, 'weighing-interpretation', 'no-indication');
  }

  /** Signal, weighing and triangle: a new case admitted to the case consultation (state `consultation`). */
  async admitted(): Promise<string> {
    const caseId = await this.signal();
    await this.contributions(caseId);
    await this.decide(`gemeente-${this.municipality}`, caseId, 'weighing-decision', 'propose-admission');
    await this.decide(`gemeente-${this.municipality}`, caseId, 'triangle-decision', 'admit');
    const state = await this.settledState(caseId, 'consultation');
    if (state !== 'consultation') throw new Error(`case driver: ${caseId} is ${state} after the triangle's admission, not consultation`);
    return caseId;
  }

  /** The ZVH drafts the plan of action (a young adult's daytime activity, and ONE-on-ONE mentoring when asked); returns it. */
  async draftPlan(caseId: string, options: { mentoring?: boolean } = {}): Promise<{ version: number; measures: Array<{ measureId: string; catalogueId: string }> }> {
    return this.call('zvh', 'POST', `/cases/${caseId}/plan`, 201, this.planDraft(options));
  }

  /** The body of that draft. */
  planDraft(options: { mentoring?: boolean } = {}): Record<string, unknown> {
    const today = (days: number) => new Date(this.bench.twin.clock.nowMs() + days * DAY_MS).toISOString().slice(0, 10);
    const municipalityOwner = { organisationId: `gemeente-${this.municipality}`, organisationType: 'municipality' };
    const mentoring = { catalogueId: 'one-on-one-mentoring', owner: { organisationId: 'one-on-one', organisationType: 'mentoring' }, goalIds: ['g-network'], start: today(0), plannedEnd: today(365) };
    return {
      targetGroups: ['young-adults'],
      riskFactors: ['social-isolation'],
      protectiveFactors: ['school-attendance'],
      goals: [
        { goalId: 'g-school', lifeDomain: 'education-and-work', statement: 'Gaat weer naar school' },
        ...(options.mentoring ? [{ goalId: 'g-network', lifeDomain: 'social-network', statement: 'Heeft vrienden buiten het netwerk' }] : []),
      ],
      measures: [{ catalogueId: 'daytime-activity', owner: municipalityOwner, goalIds: ['g-school'], start: today(0), plannedEnd: today(180) }, ...(options.mentoring ? [mentoring] : [])],
    };
  }

  /** An admitted case whose plan the ZVH drafted and adopted: the case is in `monitoring`. */
  async monitored(): Promise<string> {
    return (await this.adopted({})).caseId;
  }

  /**
   * A case in `monitoring` whose adopted plan has ONE-on-ONE mentoring: the ZVH invited the mentoring
   * organisation to the case before the plan. Returns the mentoring measure's id.
   */
  async mentored(): Promise<{ caseId: string; measureId: string }> {
    const { caseId, measures } = await this.adopted({ mentoring: true });
    const measure = measures.find((m) => m.catalogueId === 'one-on-one-mentoring');
    if (!measure) throw new Error(`case driver: the plan of ${caseId} has no mentoring measure`);
    return { caseId, measureId: measure.measureId };
  }

  private async adopted(options: { mentoring?: boolean }): Promise<{ caseId: string; measures: Array<{ measureId: string; catalogueId: string }> }> {
    const caseId = await this.admitted();
    if (options.mentoring) {
      const { version } = await this.call<{ version: number }>('zvh', 'GET', `/cases/${caseId}`, 200);
      const until = new Date(this.bench.twin.clock.nowMs() + 120 * DAY_MS).toISOString();
      await this.call('zvh', 'POST', `/cases/${caseId}/participants`, 201, { version, organisationId: 'one-on-one', role: 'consultation', until, reasoning: 'Mentor nodig voor het plan van aanpak' });
    }
    const plan = await this.draftPlan(caseId, options);
    await this.decide('zvh', caseId, 'plan-adoption', 'adopted', undefined, { planVersion: plan.version });
    const state = await this.settledState(caseId, 'monitoring');
    if (state !== 'monitoring') throw new Error(`case driver: ${caseId} is ${state} after the plan's adoption, not monitoring`);
    return { caseId, measures: plan.measures };
  }

  /** Moves the clock a week at a time until the ZVH has an open evaluation task (the weekly looks are the driver's, aside); returns the days it took. */
  async untilEvaluationDue(caseId: string, maxDays = 400): Promise<number> {
    let days = 0;
    while (!(await this.aside(() => this.openTask('zvh', caseId, 'evaluation')))) {
      if (days >= maxDays) throw new Error(`case driver: no evaluation of ${caseId} fell due in ${maxDays} days`);
      this.bench.twin.clock.advance(7 * DAY_MS);
      days += 7;
      this.daysAdvanced += 7;
      await this.settle();
    }
    this.log(`case driver: evaluation due after ${days} days`);
    return days;
  }

  async state(caseId: string): Promise<string> {
    return (await this.call<{ state: string }>('politie', 'GET', `/cases/${caseId}`, 200)).state;
  }

  /** The case's state once it is `state`, or whatever it is after a minute (the work process may still be recording it). */
  async settledState(caseId: string, state: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    let current = await this.state(caseId);
    while (current !== state && Date.now() < deadline) {
      await this.settle();
      await new Promise((resolve) => setTimeout(resolve, 250));
      current = await this.aside(() => this.state(caseId));
    }
    return current;
  }
}
