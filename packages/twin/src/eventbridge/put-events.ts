// PutEvents as the service checks it: request-level limits (1-10 entries, 256 KB) fail the whole call,
// entry problems fail only that entry; accepted entries become event envelopes.
import { randomUUID } from 'node:crypto';
import { isPlainObject } from './pattern';
import type { EventEnvelope, PutEventsRequestEntry } from './types';

export class EventBridgeServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const MAX_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

/** Request-level checks; throws EventBridgeServiceError(ValidationException) as the service answers HTTP 400. */
export function checkRequest(entries: unknown): asserts entries is unknown[] {
  if (!Array.isArray(entries)) throw new EventBridgeServiceError('ValidationException', "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw new EventBridgeServiceError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`);
  }
  const total = entries.reduce<number>((sum, entry) => sum + (isPlainObject(entry) ? entrySize(entry) : 0), 0);
  if (total > MAX_REQUEST_BYTES) throw new EventBridgeServiceError('ValidationException', 'Total size of the entries in the request is over the limit.');
}

/** The documented entry size: Time counts 14 bytes, then the UTF-8 bytes of Source, DetailType, Detail and each resource. */
export function entrySize(entry: Record<string, unknown>): number {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  size += bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail);
  if (Array.isArray(entry.Resources)) for (const r of entry.Resources) size += bytes(r);
  return size;
}

type AcceptedEntry = PutEventsRequestEntry & { Source: string; DetailType: string };

export type EntryCheck = { ok: true; entry: AcceptedEntry; detail: Record<string, unknown>; timeMs?: number } | { ok: false; ErrorCode: string; ErrorMessage: string };

/** Entry-level checks, in the service's wording. */
export function checkEntry(raw: unknown): EntryCheck {
  const invalid = (parameter: string, reason: string): EntryCheck => ({ ok: false, ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}` });
  if (!isPlainObject(raw)) return invalid('Entries', 'An entry must be an object.');
  const entry = raw as PutEventsRequestEntry;
  if (typeof entry.Source !== 'string' || entry.Source === '') return invalid('Source', 'Source is a required argument.');
  if (typeof entry.DetailType !== 'string' || entry.DetailType === '') return invalid('DetailType', 'DetailType is a required argument.');
  if (typeof entry.Detail !== 'string' || entry.Detail === '') return invalid('Detail', 'Detail is a required argument.');
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (!isPlainObject(detail)) return { ok: false, ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  if (entry.Resources !== undefined && (!Array.isArray(entry.Resources) || !entry.Resources.every((r) => typeof r === 'string'))) return invalid('Resources', 'Resources must be a list of strings.');
  if (entry.EventBusName !== undefined && typeof entry.EventBusName !== 'string') return invalid('EventBusName', 'EventBusName must be a string.');
  let timeMs: number | undefined;
  if (entry.Time !== undefined && entry.Time !== null) {
    timeMs = timeOf(entry.Time);
    if (timeMs === undefined) return invalid('Time', 'Time must be a timestamp.');
  }
  // Only AWS services may publish `aws.*` sources.
  if (entry.Source.startsWith('aws.')) return { ok: false, ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  return { ok: true, entry: entry as AcceptedEntry, detail, ...(timeMs !== undefined ? { timeMs } : {}) };
}

/** Epoch seconds (what the SDK and the CLI send), a Date, or an ISO 8601 string. */
function timeOf(time: unknown): number | undefined {
  if (time instanceof Date) return Number.isFinite(time.getTime()) ? time.getTime() : undefined;
  if (typeof time === 'number') return Number.isFinite(time) ? Math.round(time * 1000) : undefined;
  if (typeof time === 'string') {
    if (/^\d+(\.\d+)?$/.test(time)) return Math.round(Number(time) * 1000);
    const ms = Date.parse(time);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** EventBridge writes times to the second, without milliseconds. */
export function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function envelopeOf(check: Extract<EntryCheck, { ok: true }>, options: { account: string; region: string; nowMs: number }): EventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': check.entry.DetailType,
    source: check.entry.Source,
    account: options.account,
    time: eventTime(check.timeMs ?? options.nowMs),
    region: options.region,
    resources: [...(check.entry.Resources ?? [])],
    detail: check.detail,
  };
}
