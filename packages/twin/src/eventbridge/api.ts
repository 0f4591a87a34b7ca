// The EventBridge AWS JSON 1.1 API the twin serves (X-Amz-Target: AWSEvents.<Operation>): PutEvents,
// the one operation the platform calls (it served read operations and TestEventPattern until issue #17).
import { isPlainObject } from './pattern';
import { checkRequest, EventBridgeServiceError } from './put-events';
import type { PutEventsResultEntry } from './types';

export interface ApiContext {
  /** Entries already checked at request level; `region` resolves bus names. */
  putEvents(entries: unknown[], region: string): PutEventsResultEntry[];
}

export interface ApiReply {
  status: number;
  body: string;
  errorType?: string;
}

export function handleApiRequest(ctx: ApiContext, target: string | undefined, rawBody: string, region: string): ApiReply {
  try {
    if (target !== 'AWSEvents.PutEvents') throw new EventBridgeServiceError('UnknownOperationException', `the twin serves AWSEvents.PutEvents only, not ${target ?? 'no X-Amz-Target'}`);
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
      if (!isPlainObject(parsed)) throw new Error('not an object');
      input = parsed;
    } catch {
      throw new EventBridgeServiceError('SerializationException', 'the request body is not a JSON object');
    }
    checkRequest(input.Entries);
    const entries = ctx.putEvents(input.Entries, region);
    return { status: 200, body: JSON.stringify({ FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries }) };
  } catch (error) {
    if (error instanceof EventBridgeServiceError) return { status: error.status, errorType: error.code, body: JSON.stringify({ __type: error.code, message: error.message }) };
    return { status: 500, errorType: 'InternalException', body: JSON.stringify({ __type: 'InternalException', message: 'internal error' }) };
  }
}
