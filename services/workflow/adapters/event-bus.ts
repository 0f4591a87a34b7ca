// The only place the platform talks to EventBridge: publishing domain events to the region's bus.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { traced } from '@cter/store';
import { requiredEnv } from '@cter/store';
import type { CaseEvent } from '../domain/events';
import { ENV } from '@cter/config';

const busName = requiredEnv(ENV.eventBusName);
let client: EventBridgeClient | undefined;

export async function publish(events: CaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  client ??= traced(new EventBridgeClient({ maxAttempts: 3, requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 5_000 }) }));
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10);
    const out = await client.send(
      new PutEventsCommand({
        Entries: batch.map((event) => ({ EventBusName: busName, Source: event.source, DetailType: event.type.replace(/^nl\.cter\./, ''), Detail: JSON.stringify(event), Time: new Date(event.time) })),
      }),
    );
    if (out.FailedEntryCount) throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${batch.length} events`);
  }
}
