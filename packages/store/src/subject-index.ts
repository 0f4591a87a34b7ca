// The lookup from a person to their cases, so subject access finds them without a scan: one item
// per case under a key derived from the BSN by a keyed MAC (HMAC-SHA-256 with the region's KMS HMAC
// key, KMS GenerateMac). A new case is written with a pending marker instead (ids only, in one
// partition of its own); the cases service's IndexSubject function, on the marker's stream record,
// takes the MAC and replaces the marker with the lookup item in one transaction. So a case is always
// findable: by its lookup item, or by its marker while it waits (services/covenant/adapters/subject-index.ts). No BSN ever appears in a key (keys reach logs, metrics, stream records and
// error messages that item contents never do), and without the key nobody can recompute one: an
// unkeyed hash of the ~10^8 valid BSNs falls to brute force in minutes. The same key pseudonymises
// a destroyed case's id in its audit records. The secret never leaves KMS (in the twin: its local
// KMS endpoint, reached through AWS_ENDPOINT_URL_KMS like any SDK setting).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { EntityItem } from './case-partition';
import { dynamo, requiredEnv } from './client';
import { guarded } from './errors';
import { KmsMac } from './kms-mac';
import { ENV } from '@cter/config';

let kms: KmsMac | undefined;

/** What a MAC is taken of: a purpose label, so one key serves several derivations that never collide. */
type Purpose = 'subject' | 'case-pseudonym';

/** The region's pseudonymisation key (a KMS HMAC_256 key): one GenerateMac per derivation. */
export class PseudonymKey {
  /** `client`: another KMS endpoint or credentials than the function's (tools and tests that talk to a given twin). */
  constructor(
    readonly keyId: string,
    private readonly client?: KmsMac,
  ) {}

  /** The key named by SUBJECT_LOOKUP_KEY_ID; throws at once (module load) when the function lacks it. */
  static fromEnvironment(): PseudonymKey {
    return new PseudonymKey(requiredEnv(ENV.subjectLookupKeyId));
  }

  async mac(purpose: Purpose, value: string): Promise<string> {
    const client = this.client ?? (kms ??= new KmsMac());
    const mac = await guarded(() => client.generateMac(this.keyId, new TextEncoder().encode(`cter-${purpose}-v2\u0000${value}`)));
    return Buffer.from(mac).toString('hex');
  }

  /** The partition key of a person's lookup items: `SUBJECT#<HMAC of the BSN>`. */
  async subjectKeyOf(bsn: string): Promise<string> {
    return `SUBJECT#${await this.mac('subject', bsn)}`;
  }

  /** The keyed pseudonym of a case id (destruction records, audit records after destruction). */
  async casePseudonymOf(caseId: string): Promise<string> {
    return this.mac('case-pseudonym', caseId);
  }
}

/** The partition of the cases whose lookup item is not written yet: ids only, normally empty. */
export const SUBJECT_PENDING = 'SUBJECT-PENDING';

/** Where a case's pending marker is. */
export function subjectPendingKey(caseId: string): { pk: string; sk: string } {
  return { pk: SUBJECT_PENDING, sk: `CASE#${caseId}` };
}

/** The marker written with a new case, in its transaction: the case id, nothing of the person. */
export function subjectPendingItem(caseId: string): EntityItem {
  return { ...subjectPendingKey(caseId), entity: 'subject-pending', caseId };
}

/** The BSN of a case's subject, and nothing else of the case; undefined when the case is gone. */
export async function subjectBsnOf(casesTable: string, caseId: string): Promise<string | undefined> {
  const out = await guarded(() =>
    dynamo().send(
      new GetCommand({
        TableName: casesTable,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        ProjectionExpression: '#subject.#bsn',
        ExpressionAttributeNames: { '#subject': 'subject', '#bsn': 'bsn' },
        ConsistentRead: true,
      }),
    ),
  );
  return (out.Item?.subject as { bsn?: string } | undefined)?.bsn;
}

/** The lookup item that replaces a case's marker: person -> case id, nothing else. */
export function subjectLookupItem(subjectKey: string, caseId: string): EntityItem {
  return { pk: subjectKey, sk: `CASE#${caseId}`, entity: 'subject-case', caseId };
}
