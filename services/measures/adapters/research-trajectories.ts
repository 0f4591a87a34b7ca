// Reads the ONE-on-ONE trajectories of the region for the research export: the admitted cases that can
// hold a trajectory started in the export's period, from the cases-by-created index (ids and summaries
// only, never a scan), then each such case's plan, sessions and consents in one query of its partition.
// A trajectory starts on or after its plan's adoption, so not before its case was created, and before
// the case ended: cases created after the period, and cases that ended before it, are not read.
// Hundreds of cases a year per region: one query per case is within an export's budget (8 in
// parallel). Returns each trajectory's case id, for the audit only.
import type { TargetGroup } from '@cter/measures-domain/catalogue/vocabulary';
import { inBatches, queryAll } from '@cter/store';
import type { Plan } from '@cter/measures-domain/plan';
import type { TrajectorySource } from '@cter/measures-domain/research-export';
import type { Session } from '@cter/measures-domain/sessions';
import { caseKey, idsOfCasesDuring } from '@cter/case-store';

const PARALLEL = 8;
const ONE_ON_ONE = 'one-on-one-mentoring';

/** The trajectories of the cases that can hold one started in [from, to] (days; the export keeps those that did). */
export async function oneOnOneTrajectories(casesTable: string, period: { from: string; to: string }): Promise<{ sources: TrajectorySource[]; caseOf: Map<string, string> }> {
  const ids = await idsOfCasesDuring(casesTable, period, { admittedOnly: true });
  const perCase = await inBatches(ids, PARALLEL, async (caseId) => {
    const items = await queryAll({
      TableName: casesTable,
      KeyConditionExpression: 'pk = :pk',
      // Only what the export needs reaches the function: no notes, history or disclosures.
      FilterExpression: '#entity IN (:plan, :session, :consent)',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: { ':pk': caseKey(caseId), ':plan': 'plan', ':session': 'session', ':consent': 'consent' },
      ConsistentRead: true,
    });
    const plan = items.find((x) => x.entity === 'plan')?.plan as Plan | undefined;
    const trajectories = (plan?.measures ?? []).filter((m) => m.catalogueId === ONE_ON_ONE && m.startedOn);
    if (!plan || trajectories.length === 0) return { caseId, sources: [] };
    const researchConsent = items.some((x) => x.entity === 'consent' && x.state === 'active' && Array.isArray(x.purposes) && x.purposes.includes('research'));
    const sessions = items.filter((x) => x.entity === 'session') as unknown as Session[];
    const sources = trajectories.map((m): TrajectorySource => ({
      measureId: m.measureId,
      targetGroup: plan.targetGroups[0] as TargetGroup,
      status: m.status,
      startedOn: m.startedOn!,
      ...(m.endedOn ? { endedOn: m.endedOn } : {}),
      ...(m.result ? { outcome: m.result.outcome } : {}),
      sessions: sessions.filter((s) => s.measureId === m.measureId).map((s) => ({ date: s.date, durationMinutes: s.durationMinutes, themes: s.themes, progress: s.progress })),
      researchConsent,
    }));
    return { caseId, sources };
  });
  return {
    sources: perCase.flatMap((c) => c.sources),
    caseOf: new Map(perCase.flatMap(({ caseId, sources }) => sources.map((s) => [s.measureId, caseId] as const))),
  };
}
