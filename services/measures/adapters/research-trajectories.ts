// Reads the ONE-on-ONE trajectories of the region for the research export: the admitted cases from the
// cases-by-created index (ids and summaries only, never a scan), then each case's plan, sessions and
// consents in one query of its partition. Hundreds of cases a year per region: one query per case is
// within an export's budget (8 in parallel). Returns each trajectory's case id, for the audit only.
import type { TargetGroup } from '@cter/measures-domain/catalogue/vocabulary';
import { queryAll } from '@cter/store';
import type { Plan } from '@cter/measures-domain/plan';
import type { TrajectorySource } from '@cter/measures-domain/research-export';
import type { Session } from '@cter/measures-domain/sessions';
import { caseKey } from '@cter/case-store';

const PARALLEL = 8;
const ONE_ON_ONE = 'one-on-one-mentoring';

export async function oneOnOneTrajectories(casesTable: string): Promise<{ sources: TrajectorySource[]; caseOf: Map<string, string> }> {
  const admitted = await queryAll({
    TableName: casesTable,
    IndexName: 'cases-by-created',
    KeyConditionExpression: 'gsi1pk = :case',
    FilterExpression: 'attribute_exists(#admission)',
    ExpressionAttributeNames: { '#admission': 'admission' },
    ExpressionAttributeValues: { ':case': 'CASE' },
    ProjectionExpression: 'caseId',
  });
  const sources: TrajectorySource[] = [];
  const caseOf = new Map<string, string>();
  const ids = admitted.map((s) => String(s.caseId));
  for (let i = 0; i < ids.length; i += PARALLEL) {
    await Promise.all(
      ids.slice(i, i + PARALLEL).map(async (caseId) => {
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
        if (!plan || trajectories.length === 0) return;
        const researchConsent = items.some((x) => x.entity === 'consent' && x.state === 'active' && Array.isArray(x.purposes) && x.purposes.includes('research'));
        const sessions = items.filter((x) => x.entity === 'session') as unknown as Session[];
        for (const m of trajectories) {
          caseOf.set(m.measureId, caseId);
          sources.push({
            measureId: m.measureId,
            targetGroup: plan.targetGroups[0] as TargetGroup,
            status: m.status,
            startedOn: m.startedOn!,
            ...(m.endedOn ? { endedOn: m.endedOn } : {}),
            ...(m.result ? { outcome: m.result.outcome } : {}),
            sessions: sessions.filter((s) => s.measureId === m.measureId).map((s) => ({ date: s.date, durationMinutes: s.durationMinutes, themes: s.themes, progress: s.progress })),
            researchConsent,
          });
        }
      }),
    );
  }
  return { sources, caseOf };
}
