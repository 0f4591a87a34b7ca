// Reads what the measures service needs of a case, and nothing more: the facts the one visibility
// rule (@cter/access caseViewLevel) judges, the birth date for the target group and the detention
// track. The BSN, the signal and the reporter are never read by a measures function.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseFacts } from '@cter/access';
import { dynamo, guarded, requiredEnv } from '@cter/store';
import { ENV } from '@cter/config';

export interface CaseForMeasures extends CaseFacts {
  birthDate: string;
  detention?: { releaseDate: string };
}

const table = requiredEnv(ENV.casesTable);
const ATTRIBUTES = ['caseId', 'regionId', 'municipality', 'state', 'participants', 'admission', 'detention'];

export const cases = {
  async get(caseId: string): Promise<CaseForMeasures | undefined> {
    const names = Object.fromEntries(ATTRIBUTES.map((a, i) => [`#a${i}`, a]));
    const out = await guarded(() =>
      dynamo().send(
        new GetCommand({
          TableName: table,
          // The cases service's key of a case item (packages/case-store/src/case-repository.ts).
          Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
          ProjectionExpression: [...Object.keys(names), '#s.#b'].join(', '),
          ExpressionAttributeNames: { ...names, '#s': 'subject', '#b': 'birthDate' },
          ConsistentRead: true,
        }),
      ),
    );
    const item = out.Item;
    if (!item) return undefined;
    return {
      caseId: String(item.caseId),
      regionId: String(item.regionId),
      municipality: String(item.municipality),
      state: item.state,
      participants: item.participants ?? [],
      ...(item.admission ? { admission: item.admission } : {}),
      birthDate: String(item.subject?.birthDate),
      ...(item.detention ? { detention: item.detention } : {}),
    } as CaseForMeasures;
  },
};
