// The Step Functions API over the twin's executions: start, describe, list, history, stop and the
// task-token callbacks, with the service's errors. Transport-free: http.ts calls it, and
// StepFunctionsTwin (the service with its endpoint) hands it to tests and tools.
import { randomUUID } from 'node:crypto';
import { checkExecutionArn, checkName, checkStateMachineArn, executionArnOf, splitQualifier } from './arns';
import type { TwinClock } from './clock';
import { compileDefinition, type CompiledMachine } from './compile';
import { serviceErrors } from './errors';
import { ExecutionRun } from './execution';
import { detailsKeyOf } from './history';
import type { ExecutionRecord, StoredEvent, TokenOutcome } from './records';
import { ExecutionStore } from './store';
import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  HistoryEvent,
  JsonValue,
  LambdaInvoker,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesOutput,
  PendingTask,
  SendTaskFailureInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StartExecutionOutput,
  StateMachineSpec,
  StopExecutionInput,
  StopExecutionOutput,
} from './types';
import { validateDefinition } from './validate';

export interface SfnServiceOptions {
  stateMachines: StateMachineSpec[];
  invokeLambda: LambdaInvoker;
  clock: TwinClock;
  /** Persist executions here (and resume RUNNING ones on start); absent = memory only. */
  stateDir?: string;
  log?: (line: string) => void;
}

interface Machine {
  spec: StateMachineSpec;
  compiled: CompiledMachine;
  creationDate: Date;
}

const MAX_TOKEN_LENGTH = 1024;
const MAX_PAYLOAD_BYTES = 256 * 1024;

export class SfnService {
  readonly clock: TwinClock;
  private readonly machines = new Map<string, Machine>();
  /** Published versions' definitions per state machine ARN (version n at index n - 1); kept in the state folder. */
  private readonly versions: Record<string, Array<Record<string, unknown>>>;
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly compiledByDefinition = new WeakMap<Record<string, unknown>, CompiledMachine>();
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly running = new Set<Promise<void>>();
  private readonly tokens = new Map<string, { executionArn: string; key: string }>();
  private readonly finishWaiters = new Map<string, Array<{ resolve: (record: ExecutionRecord) => void; reject: (error: Error) => void }>>();
  private readonly store: ExecutionStore;
  private readonly invokeLambda: LambdaInvoker;
  private readonly log: (line: string) => void;
  private resumed = false;
  private closed = false;

  constructor(options: SfnServiceOptions) {
    this.clock = options.clock;
    this.invokeLambda = options.invokeLambda;
    this.log = options.log ?? (() => undefined);
    const creationDate = this.clock.now();
    for (const spec of options.stateMachines) {
      checkStateMachineArn(spec.arn);
      if (this.machines.has(spec.arn)) throw new Error(`state machine ${spec.arn} is defined twice`);
      validateDefinition(spec.name, spec.definition);
      this.machines.set(spec.arn, { spec, compiled: compileDefinition(spec.name, spec.definition), creationDate });
    }
    this.store = new ExecutionStore(options.stateDir, () => this.clock.nowMs());
    // A deploy that changed a versioned machine's definition publishes a new version; its aliases
    // route to the newest, and executions keep the version they started on.
    this.versions = this.store.loadVersions();
    for (const { spec } of this.machines.values()) {
      if (!spec.aliases?.length) continue;
      const published = (this.versions[spec.arn] ??= []);
      if (JSON.stringify(published.at(-1)) !== JSON.stringify(spec.definition)) published.push(spec.definition);
    }
    this.store.saveVersions(this.versions);
    const records = this.store.load();
    // A restarted twin gets a fresh clock (real time), but its executions lived in the previous
    // twin's virtual time, which must not run backwards for them: continue from it.
    const latest = Math.max(this.store.savedClock(), ...records.map(latestTimeOf));
    if (latest > this.clock.nowMs()) this.clock.set(new Date(latest));
    for (const record of records) {
      this.records.set(record.executionArn, record);
      for (const [key, entry] of Object.entries(record.journal)) {
        if (entry.taskToken) this.tokens.set(entry.taskToken, { executionArn: record.executionArn, key });
      }
      const machine = this.machines.get(record.stateMachineArn);
      if (record.status === 'RUNNING' && machine) this.runs.set(record.executionArn, this.createRun(record, machine));
      else if (record.status === 'RUNNING') this.log(`execution ${record.executionArn}: its state machine is gone; it stays RUNNING untouched`);
    }
  }

  /** Continue the executions a previous twin left RUNNING (deterministic replay from the journal). */
  resume(): void {
    if (this.resumed) return;
    this.resumed = true;
    for (const run of this.runs.values()) this.launch(run);
  }

  /** Interrupt every execution (they stay RUNNING on disk), write the last state, release timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const run of this.runs.values()) run.interrupt();
    await Promise.allSettled([...this.running]);
    this.store.close();
    for (const waiters of this.finishWaiters.values()) for (const waiter of waiters) waiter.reject(new Error('the Step Functions twin stopped'));
    this.finishWaiters.clear();
  }

  // ---- API -------------------------------------------------------------------------------------

  async startExecution(input: StartExecutionInput): Promise<StartExecutionOutput> {
    this.ensureOpen();
    const { machine, definition, versionArn, aliasArn } = this.target(input.stateMachineArn);
    const name = checkName(input.name ?? randomUUID());
    const text = input.input ?? '{}';
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw serviceErrors.invalidExecutionInput('input exceeds 262144 bytes');
    try {
      JSON.parse(text);
    } catch (error) {
      throw serviceErrors.invalidExecutionInput((error as Error).message);
    }
    const executionArn = executionArnOf(machine.spec.arn, name);
    const existing = this.records.get(executionArn);
    if (existing) {
      // StartExecution is idempotent for a running execution with the same name and input.
      if (existing.status === 'RUNNING' && existing.input === text) return { executionArn, startDate: new Date(existing.startDate) };
      throw serviceErrors.executionAlreadyExists(executionArn);
    }
    const record: ExecutionRecord = {
      version: 1,
      executionArn,
      stateMachineArn: machine.spec.arn,
      definition,
      ...(versionArn ? { stateMachineVersionArn: versionArn } : {}),
      ...(aliasArn ? { stateMachineAliasArn: aliasArn } : {}),
      name,
      input: text,
      status: 'RUNNING',
      startDate: this.clock.nowMs(),
      history: [],
      journal: {},
      stateTransitions: 0,
      ...(input.traceHeader !== undefined ? { traceHeader: input.traceHeader } : {}),
    };
    this.records.set(executionArn, record);
    this.store.save(record);
    const run = this.createRun(record, machine);
    this.runs.set(executionArn, run);
    this.launch(run);
    return { executionArn, startDate: new Date(record.startDate) };
  }

  async describeExecution(input: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    return describe(this.record(input.executionArn));
  }

  async listExecutions(input: ListExecutionsInput): Promise<ListExecutionsOutput> {
    const machine = this.machine(input.stateMachineArn);
    const executions = [...this.records.values()]
      .filter((r) => r.stateMachineArn === machine.spec.arn)
      // Newest first, as the service lists them.
      .sort((a, b) => b.startDate - a.startDate || b.name.localeCompare(a.name))
      .map(listItem);
    return { executions };
  }

  async getExecutionHistory(input: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput> {
    return { events: this.record(input.executionArn).history.map(historyEvent) };
  }

  async stopExecution(input: StopExecutionInput): Promise<StopExecutionOutput> {
    const record = this.record(input.executionArn);
    if (record.status === 'RUNNING') {
      const run = this.runs.get(record.executionArn);
      if (!run) throw serviceErrors.validation(`execution ${record.executionArn} cannot be stopped: its state machine is not loaded`);
      run.abort(input.error, input.cause);
    }
    return { stopDate: new Date(record.stopDate ?? this.clock.nowMs()) };
  }

  async sendTaskSuccess(input: SendTaskSuccessInput): Promise<Record<string, never>> {
    if (typeof input.output !== 'string') throw serviceErrors.validation("1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null");
    let output: JsonValue;
    try {
      output = JSON.parse(input.output) as JsonValue;
    } catch (error) {
      throw serviceErrors.invalidOutput((error as Error).message);
    }
    this.completeTask(input.taskToken, { ok: true, output });
    return {};
  }

  async sendTaskFailure(input: SendTaskFailureInput): Promise<Record<string, never>> {
    this.completeTask(input.taskToken, { ok: false, ...(input.error !== undefined ? { error: input.error } : {}), ...(input.cause !== undefined ? { cause: input.cause } : {}) });
    return {};
  }

  async listStateMachines(): Promise<ListStateMachinesOutput> {
    const stateMachines = [...this.machines.values()]
      .sort((a, b) => a.spec.name.localeCompare(b.spec.name))
      .map((m) => ({ stateMachineArn: m.spec.arn, name: m.spec.name, type: 'STANDARD' as const, creationDate: m.creationDate }));
    return { stateMachines };
  }

  // ---- twin extras -----------------------------------------------------------------------------

  /** Resolves when the execution is no longer RUNNING (or at once if it isn't). */
  async awaitExecution(executionArn: string, { timeoutMs }: { timeoutMs?: number } = {}): Promise<DescribeExecutionOutput> {
    const done = this.awaitRecord(executionArn);
    if (timeoutMs === undefined) return describe(await done);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`execution ${executionArn} still RUNNING after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return describe(await Promise.race([done, timeout]));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Tasks waiting for SendTaskSuccess/Failure, optionally of one execution. */
  pendingTasks(executionArn?: string): PendingTask[] {
    const tasks: PendingTask[] = [];
    for (const record of this.records.values()) {
      if (record.status !== 'RUNNING' || (executionArn !== undefined && record.executionArn !== executionArn)) continue;
      for (const [key, entry] of Object.entries(record.journal)) {
        if (entry.taskToken && !entry.outcome && !entry.tokenOutcome && !entry.cancelled) {
          tasks.push({ executionArn: record.executionArn, stateName: stateNameOfKey(key), taskToken: entry.taskToken });
        }
      }
    }
    return tasks;
  }

  /**
   * The execution whose task still waits on this token, if any: one lookup, so answering a task
   * costs the same however many executions the twin holds (pendingTasks() reads every journal).
   */
  pendingTaskExecution(taskToken: unknown): string | undefined {
    const ref = typeof taskToken === 'string' ? this.tokens.get(taskToken) : undefined;
    const record = ref && this.records.get(ref.executionArn);
    const entry = ref && record?.journal[ref.key];
    return record && entry && record.status === 'RUNNING' && !entry.outcome && !entry.tokenOutcome && !entry.cancelled ? record.executionArn : undefined;
  }

  /** State transitions of an execution: entered states plus retries, what Standard pricing counts. */
  stateTransitionCount(executionArn: string): number {
    return this.record(executionArn).stateTransitions;
  }

  /** What the monitor shows: ids, names, status, times (never data). */
  snapshot(): Array<{ spec: StateMachineSpec; executions: Array<{ record: ExecutionRecord; activeStates: string[] }> }> {
    return [...this.machines.values()].map((machine) => ({
      spec: machine.spec,
      executions: [...this.records.values()]
        .filter((r) => r.stateMachineArn === machine.spec.arn)
        .sort((a, b) => b.startDate - a.startDate)
        .map((record) => ({ record, activeStates: this.runs.get(record.executionArn)?.activeStates() ?? [] })),
    }));
  }

  executionSnapshot(executionArn: string): { record: ExecutionRecord; spec: StateMachineSpec | undefined; activeStates: string[] } | undefined {
    const record = this.records.get(executionArn);
    if (!record) return undefined;
    return { record, spec: this.machines.get(record.stateMachineArn)?.spec, activeStates: this.runs.get(executionArn)?.activeStates() ?? [] };
  }

  // ---- internals -------------------------------------------------------------------------------

  private createRun(record: ExecutionRecord, machine: Machine): ExecutionRun {
    // A restarted twin may carry a newer definition; the execution replays and continues on its own.
    // Executions share their definition object, so each one is compared (and compiled) once, not per start.
    let compiled = this.compiledByDefinition.get(record.definition);
    if (!compiled) {
      compiled = JSON.stringify(record.definition) === JSON.stringify(machine.spec.definition) ? machine.compiled : compileDefinition(machine.spec.name, record.definition);
      this.compiledByDefinition.set(record.definition, compiled);
    }
    return new ExecutionRun(record, machine.spec, compiled, {
      clock: this.clock,
      invokeLambda: this.invokeLambda,
      startChildExecution: (input) => this.startExecution(input),
      registerToken: (token, executionArn, key) => this.tokens.set(token, { executionArn, key }),
      save: (r) => this.store.save(r),
      finished: (r) => this.finished(r),
      log: this.log,
    });
  }

  private launch(run: ExecutionRun): void {
    if (run.isEnded) return;
    const done = run.run();
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  private finished(record: ExecutionRecord): void {
    this.runs.delete(record.executionArn);
    this.log(`execution ${record.executionArn} ${record.status}`);
    for (const waiter of this.finishWaiters.get(record.executionArn) ?? []) waiter.resolve(record);
    this.finishWaiters.delete(record.executionArn);
  }

  private awaitRecord(executionArn: string): Promise<ExecutionRecord> {
    const record = this.record(executionArn);
    if (record.status !== 'RUNNING') return Promise.resolve(record);
    if (this.closed) return Promise.reject(new Error('the Step Functions twin stopped'));
    return new Promise((resolve, reject) => {
      const waiters = this.finishWaiters.get(executionArn) ?? [];
      waiters.push({ resolve, reject });
      this.finishWaiters.set(executionArn, waiters);
    });
  }

  private completeTask(taskToken: string, outcome: TokenOutcome): void {
    const { record, key } = this.pendingTask(taskToken);
    record.journal[key]!.tokenOutcome = outcome;
    this.store.save(record);
    this.runs.get(record.executionArn)?.tokenCompleted(key);
  }

  /** The journal entry still waiting on this token, or the service's InvalidToken / TaskTimedOut. */
  private pendingTask(taskToken: unknown): { record: ExecutionRecord; key: string } {
    if (typeof taskToken !== 'string' || taskToken.length === 0 || taskToken.length > MAX_TOKEN_LENGTH) {
      throw serviceErrors.validation("1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length between 1 and 1024");
    }
    const ref = this.tokens.get(taskToken);
    if (!ref) throw serviceErrors.invalidToken('Invalid token');
    const record = this.records.get(ref.executionArn);
    const entry = record?.journal[ref.key];
    if (!record || !entry || record.status !== 'RUNNING' || entry.outcome || entry.tokenOutcome || entry.cancelled) throw serviceErrors.taskTimedOut();
    return { record, key: ref.key };
  }

  /** What StartExecution runs: the latest definition (unqualified ARN), a published version, or the version an alias routes to. */
  private target(arn: unknown): { machine: Machine; definition: Record<string, unknown>; versionArn?: string; aliasArn?: string } {
    const { machineArn, version, alias } = splitQualifier(checkStateMachineArn(arn));
    const machine = this.machine(machineArn);
    if (version === undefined && alias === undefined) return { machine, definition: machine.spec.definition };
    const published = this.versions[machineArn] ?? [];
    if (alias !== undefined && !machine.spec.aliases?.includes(alias)) throw serviceErrors.stateMachineDoesNotExist(String(arn));
    const number = version ?? published.length;
    const definition = published[number - 1];
    if (!definition) throw serviceErrors.stateMachineDoesNotExist(String(arn));
    return { machine, definition, versionArn: `${machineArn}:${number}`, ...(alias !== undefined ? { aliasArn: String(arn) } : {}) };
  }

  private machine(arn: unknown): Machine {
    const checked = checkStateMachineArn(arn);
    const machine = this.machines.get(checked);
    if (!machine) throw serviceErrors.stateMachineDoesNotExist(checked);
    return machine;
  }

  private record(arn: unknown): ExecutionRecord {
    const checked = checkExecutionArn(arn);
    const record = this.records.get(checked);
    if (!record) throw serviceErrors.executionDoesNotExist(checked);
    return record;
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('the Step Functions twin is stopped');
  }
}

function latestTimeOf(record: ExecutionRecord): number {
  return Math.max(record.startDate, record.stopDate ?? 0, record.history.at(-1)?.timestamp ?? 0);
}

function describe(record: ExecutionRecord): DescribeExecutionOutput {
  const output: DescribeExecutionOutput = {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: new Date(record.startDate),
    input: record.input,
    inputDetails: { included: true },
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
    stateTransitionCount: record.stateTransitions,
  };
  if (record.stopDate !== undefined) output.stopDate = new Date(record.stopDate);
  if (record.output !== undefined) {
    output.output = record.output;
    output.outputDetails = { included: true };
  }
  if (record.error !== undefined) output.error = record.error;
  if (record.cause !== undefined) output.cause = record.cause;
  if (record.traceHeader !== undefined) output.traceHeader = record.traceHeader;
  if (record.stateMachineVersionArn !== undefined) output.stateMachineVersionArn = record.stateMachineVersionArn;
  if (record.stateMachineAliasArn !== undefined) output.stateMachineAliasArn = record.stateMachineAliasArn;
  return output;
}

function listItem(record: ExecutionRecord): ExecutionListItem {
  const item: ExecutionListItem = {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: new Date(record.startDate),
  };
  if (record.stopDate !== undefined) item.stopDate = new Date(record.stopDate);
  if (record.stateMachineVersionArn !== undefined) item.stateMachineVersionArn = record.stateMachineVersionArn;
  if (record.stateMachineAliasArn !== undefined) item.stateMachineAliasArn = record.stateMachineAliasArn;
  return item;
}

function historyEvent(event: StoredEvent): HistoryEvent {
  const result: HistoryEvent = { id: event.id, previousEventId: event.previousEventId, timestamp: new Date(event.timestamp), type: event.type };
  if (event.details) result[detailsKeyOf(event.type) as `${string}EventDetails`] = event.details;
  return result;
}

/** Journal keys are "<scope>|<state>#<call>". */
function stateNameOfKey(key: string): string {
  const last = key.slice(key.lastIndexOf('|') + 1);
  return last.slice(0, last.lastIndexOf('#'));
}
