// Hand-over between regions (warme overdracht) goes over the regions' hand-over buses: a bus per
// region that only the platform's transfer functions publish to and no partner subscribes to.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { traced } from '@cter/store';
import { requiredEnv } from '@cter/store';
import { ENV } from '@cter/config';

/** Region id -> ARN of its hand-over bus. */
const buses = JSON.parse(requiredEnv(ENV.handoverBuses)) as Record<string, string>;
let client: EventBridgeClient | undefined;

export async function sendHandover(toRegion: string, detailType: 'case.transfer_offered' | 'case.transfer_answered', detail: Record<string, unknown>): Promise<void> {
  const bus = buses[toRegion];
  if (!bus) throw new Error(`no hand-over bus for region ${toRegion}`);
  client ??= traced(new EventBridgeClient({ maxAttempts: 3, requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 5_000 }) }));
  const out = await client.send(new PutEventsCommand({ Entries: [{ EventBusName: bus, Source: 'urn:cter:transfer', DetailType: detailType, Detail: JSON.stringify(detail) }] }));
  if (out.FailedEntryCount) throw new Error(`the hand-over bus of ${toRegion} refused the ${detailType}`);
}
