// The cases that can have something in a period of days, from the cases-by-created index (ids only):
// what the process report and the research export read before each case's partition.
import { CASE_STATES, FINAL_STATES } from '@cter/domain';
import { queryAll } from '@cter/store';

const DAY_MS = 86_400_000;
const FINALS = CASE_STATES.filter((state) => FINAL_STATES.has(state));

/**
 * The ids of the cases that can have a fact in the days [from, to]: created by the end of `to`, and
 * still open or reaching their final state from the day before `from` on (UTC timestamps against days
 * in Europe/Amsterdam). `admittedOnly`: only the cases admitted to the consultation.
 */
export async function idsOfCasesDuring(casesTable: string, period: { from: string; to: string }, options: { admittedOnly?: boolean } = {}): Promise<string[]> {
  const since = new Date(Date.parse(`${period.from}T00:00:00Z`) - DAY_MS).toISOString();
  const during = `NOT (#state IN (${FINALS.map((_, i) => `:f${i}`).join(', ')})) OR updatedAt >= :since`;
  const summaries = await queryAll({
    TableName: casesTable,
    IndexName: 'cases-by-created',
    KeyConditionExpression: 'gsi1pk = :case AND gsi1sk <= :upper',
    FilterExpression: options.admittedOnly ? `attribute_exists(#admission) AND (${during})` : during,
    ProjectionExpression: 'caseId',
    ExpressionAttributeNames: { '#state': 'state', ...(options.admittedOnly ? { '#admission': 'admission' } : {}) },
    ExpressionAttributeValues: { ':case': 'CASE', ':upper': `${period.to}T23:59:59.999Z~`, ':since': since, ...Object.fromEntries(FINALS.map((state, i) => [`:f${i}`, state])) },
  });
  return summaries.map((summary) => String(summary.caseId));
}
