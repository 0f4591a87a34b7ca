// The record that a covenant version is in force in the region, written once per version (pk
// COVENANT, create-only): its stream record publishes `covenant.version_published`. Versions are
// published as data with the platform (covenants/); this marks when one starts to govern here.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, type EntityKind, guarded } from '@cter/store';
import type { CovenantVersionFacts } from '@cter/covenant-domain/versions';
import { covenantVersionKey } from '@cter/case-store';

/** Records `version` as in force since `now` unless it was recorded before; true when this call recorded it. */
export async function recordCovenantInForce(casesTable: string, version: Pick<CovenantVersionFacts, 'id' | 'effectiveFrom'>, now: Date): Promise<boolean> {
  try {
    // An update that creates the item: the retention job's grant has UpdateItem, not PutItem.
    await guarded(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: casesTable,
          Key: covenantVersionKey(version.id),
          UpdateExpression: 'SET entity = :entity, covenantVersion = :id, effectiveFrom = :from, inForceSince = :now',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeValues: { ':entity': 'covenant-version' satisfies EntityKind, ':id': version.id, ':from': version.effectiveFrom, ':now': now.toISOString() },
        }),
      ),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
