// Hand-over between regions (warme overdracht) goes over the regions' hand-over buses: a bus per
// region that only the platform's transfer functions publish to and no partner subscribes to.
// Signed JSON calls (@cter/store's AwsJsonClient), not @aws-sdk/client-eventbridge (docs/performance.md).
import { AwsJsonClient, EVENTBRIDGE, requiredEnv, type PutEventsAnswer } from '@cter/store';
import { ENV } from '@cter/config';

/** Region id -> ARN of its hand-over bus. */
const buses = JSON.parse(requiredEnv(ENV.handoverBuses)) as Record<string, string>;
let client: AwsJsonClient | undefined;

export async function sendHandover(toRegion: string, detailType: 'case.transfer_offered' | 'case.transfer_answered', detail: Record<string, unknown>): Promise<void> {
  const bus = buses[toRegion];
  if (!bus) throw new Error(`no hand-over bus for region ${toRegion}`);
  client ??= new AwsJsonClient(EVENTBRIDGE);
  const out = await client.call<PutEventsAnswer>('PutEvents', { Entries: [{ EventBusName: bus, Source: 'urn:cter:transfer', DetailType: detailType, Detail: JSON.stringify(detail) }] });
  if (out.FailedEntryCount) throw new Error(`the hand-over bus of ${toRegion} refused the ${detailType}`);
}
