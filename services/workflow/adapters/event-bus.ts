// The only place the platform talks to EventBridge: publishing domain events to the region's bus.
// Signed JSON calls (@cter/store's AwsJsonClient), not @aws-sdk/client-eventbridge (docs/performance.md).
import { AwsJsonClient, EVENTBRIDGE, requiredEnv, type PutEventsAnswer } from '@cter/store';
import type { CaseEvent } from '../domain/events';
import { ENV } from '@cter/config';

const busName = requiredEnv(ENV.eventBusName);
let client: AwsJsonClient | undefined;

export async function publish(events: CaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  client ??= new AwsJsonClient(EVENTBRIDGE);
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10);
    // Time in epoch seconds, as the JSON protocol carries a timestamp.
    const out = await client.call<PutEventsAnswer>('PutEvents', {
      Entries: batch.map((event) => ({ EventBusName: busName, Source: event.source, DetailType: event.type.replace(/^nl\.cter\./, ''), Detail: JSON.stringify(event), Time: Date.parse(event.time) / 1000 })),
    });
    if (out.FailedEntryCount) throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${batch.length} events`);
  }
}
