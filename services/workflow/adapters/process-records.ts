// What the process evaluation reads: the cases of the region (from the cases-by-created index, which
// carries summaries only) and, per case, its history events and tasks with named attributes only,
// and the monthly facts of the anonymous advice requests (kind and moment);
// never the case item, the person or a reasoning. IAM allows this function no other attribute
// (infra/lib/region-stack.ts), and the report an audit record of its own.
import { idsOfCasesDuring } from '@cter/case-store';
import { adviceFactsPk, appendAuditItem, inBatches, queryAll } from '@cter/store';
import type { AdviceFact, ProcessCase } from '../domain/process-report';
import type { PROCESS_ATTRIBUTES } from './process-attributes';

const DAY_MS = 86_400_000;
/** Case partitions read side by side. */
const PARALLEL_READS = 8;

function attributeNames(names: readonly string[]) {
  return Object.fromEntries(names.map((n) => [`#${n}`, n]));
}

export class ProcessRecords {
  constructor(private readonly tables: { cases: string; audit: string }) {}

  /**
   * Every case created by `to` that can have a fact in [from, to]: a case still open, or one that
   * reached its final state from the day before `from` on (UTC against days in Europe/Amsterdam).
   */
  async casesFor(from: string, to: string): Promise<ProcessCase[]> {
    const ids = await idsOfCasesDuring(this.tables.cases, { from, to });
    return inBatches(ids, PARALLEL_READS, (id) => this.caseOf(id));
  }

  /** The advice requests' facts (opened, answered, converted) of the months [from - 1 day, to] touches: kind and moment only. */
  async adviceFactsFor(from: string, to: string): Promise<AdviceFact[]> {
    const months: string[] = [];
    const month = new Date(Date.parse(`${from}T00:00:00Z`) - DAY_MS);
    month.setUTCDate(1);
    while (month.toISOString().slice(0, 7) <= to.slice(0, 7)) {
      months.push(month.toISOString());
      month.setUTCMonth(month.getUTCMonth() + 1);
    }
    const facts = await Promise.all(months.map((m) => this.partition(adviceFactsPk(m), undefined, ['kind', 'at'])));
    return facts.flat().map((f) => ({ kind: String(f.kind), at: String(f.at) }));
  }

  /** The items of partition `pk` (those whose sort key starts with `prefix`, when given), named attributes only. */
  private async partition(pk: string, prefix: string | undefined, attributes: ReadonlyArray<(typeof PROCESS_ATTRIBUTES)[number]>) {
    return queryAll({
      TableName: this.tables.cases,
      // A key condition value may not be empty: no begins_with for the whole partition.
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      Select: 'SPECIFIC_ATTRIBUTES',
      ProjectionExpression: attributes.map((a) => `#${a}`).join(', '),
      ExpressionAttributeNames: attributeNames(attributes),
      ExpressionAttributeValues: prefix ? { ':pk': pk, ':prefix': prefix } : { ':pk': pk },
    });
  }

  private async caseOf(caseId: string): Promise<ProcessCase> {
    const [history, tasks] = await Promise.all([
      this.partition(`CASE#${caseId}`, 'HISTORY#', ['type', 'at', 'fromState', 'toState']),
      this.partition(`CASE#${caseId}`, 'TASK#', ['kind', 'status', 'createdAt', 'dueAt', 'expiredBecause']),
    ]);
    return {
      events: history.map((e) => ({ type: String(e.type), at: String(e.at), toState: String(e.toState), ...(e.fromState ? { fromState: String(e.fromState) } : {}) })),
      tasks: tasks.map((t) => ({ kind: String(t.kind), status: String(t.status), createdAt: String(t.createdAt), dueAt: String(t.dueAt), ...(t.expiredBecause ? { expiredBecause: String(t.expiredBecause) } : {}) })),
    };
  }

  /** The audit record of a report read: who, when, which range; it names no case (the report holds none). */
  async audit(entry: { organisationId: string; principalArn: string; regionId: string; requestId: string; from: string; to: string; format: string }): Promise<void> {
    const at = new Date().toISOString();
    await appendAuditItem(this.tables.audit, {
      pk: 'REPORT#process',
      sk: `${at}#${entry.requestId}`,
      action: 'read',
      route: 'GET /reports/process',
      categories: ['process-figures'],
      purpose: 'process-evaluation',
      ...entry,
      at,
    });
  }
}
