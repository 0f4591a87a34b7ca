// The typed client: one method per route, each typed from the route registry of @cter/routes (the
// same entries and zod schemas the handlers validate with), signed with SigV4 from the AWS credential chain,
// retried with backoff where that is safe, failing with typed errors.
import { randomUUID } from 'node:crypto';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { routeEntry, type RouteKey, type Routes } from '@cter/routes';
import type * as core from 'zod/v4/core';
import { resolveEndpoint, type Endpoint } from './endpoints';
import { apiError, causeCode, CterApiError, CterNetworkError } from './errors';
import { backoffDelay, DEFAULT_RETRY, retryableNetworkError, retryableStatus, retryAfterMs, sleep, type RetryOptions } from './retry';
import { signRequest, type Credentials, type CredentialsProvider } from './signer';

// --- types from the route registry -----------------------------------------------------------------

type Spec<R extends RouteKey> = Routes[R];
/** Path parameters of a route (`{ caseId }`). */
export type PathOf<R extends RouteKey> = Spec<R> extends { path: infer P extends core.$ZodType } ? core.input<P> : Record<string, never>;
/** Query of a route, as the caller writes it (defaults optional). */
export type QueryOf<R extends RouteKey> = Spec<R> extends { query: infer Q extends core.$ZodType } ? core.input<Q> : never;
/** Body of a route, as the caller writes it (defaults optional). */
export type BodyOf<R extends RouteKey> = Spec<R> extends { body: infer B extends core.$ZodType } ? core.input<B> : never;
/** What a route answers on success. */
export type ResultOf<R extends RouteKey> = {
  [S in keyof Spec<R>['responses']]: Spec<R>['responses'][S] extends { schema: infer X extends core.$ZodType } ? core.output<X> : never;
}[keyof Spec<R>['responses']];

export interface CallOptions {
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Cancels the call, including its retries. */
  signal?: AbortSignal;
}

export type RouteInput<R extends RouteKey> = CallOptions &
  (Spec<R> extends { path: core.$ZodType } ? { path: PathOf<R> } : { path?: undefined }) &
  ([QueryOf<R>] extends [never] ? { query?: undefined } : { query?: QueryOf<R> }) &
  ([BodyOf<R>] extends [never] ? { body?: undefined } : { body: BodyOf<R> });

export interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RetryEvent {
  route: string;
  /** The attempt that failed (1 = the first). */
  attempt: number;
  delayMs: number;
  status?: number;
  error?: string;
}

export interface CterClientOptions {
  /** The ZVH region: noord-holland-noord, zaanstreek-waterland or kennemerland. */
  region: string;
  /** The region's API base URL including the stage (`.../v1`); default: from the endpoints file. */
  baseUrl?: string;
  /** The twin's endpoints file; default `$CTER_ENDPOINTS_FILE` or `.twin/endpoints.json`. */
  endpointsFile?: string;
  /** Credentials or a provider; default the AWS SDK's chain (env, AWS_PROFILE, shared files, SSO, process, Roles Anywhere via credential_process, IMDS). */
  credentials?: Credentials | CredentialsProvider;
  /** A profile for the default chain (else AWS_PROFILE). */
  profile?: string;
  /** AWS region to sign for; default the endpoints file's, AWS_REGION, or eu-west-1. */
  awsRegion?: string;
  /** Attempts in all (default 3). */
  maxAttempts?: number;
  retry?: RetryOptions;
  /** Per-attempt timeout in ms (default 30 000; API Gateway answers within 29 s). */
  timeoutMs?: number;
  /** Told about every retry (logging, metrics). */
  onRetry?: (event: RetryEvent) => void;
}

function splitRoute(route: string): { method: string; template: string } {
  const space = route.indexOf(' ');
  return { method: route.slice(0, space), template: route.slice(space + 1) };
}

/** Safe to send twice: reads, PUT, and writes carrying an Idempotency-Key (the registry entry's `idempotency`). */
function repeatable(method: string, route: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || routeEntry(route)?.idempotency !== undefined;
}

export class CterClient {
  private endpoint: Endpoint | undefined;
  private readonly credentials: CredentialsProvider;
  private readonly retry: Required<RetryOptions>;

  constructor(private readonly options: CterClientOptions) {
    const given = options.credentials;
    this.credentials = typeof given === 'function' ? given : given ? async () => given : fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
    this.retry = { ...DEFAULT_RETRY, ...options.retry, ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}) };
    if (this.retry.maxAttempts < 1) throw new Error('maxAttempts must be at least 1');
  }

  /** The region's API: base URL and AWS region (read from the endpoints file on first use). */
  get api(): Endpoint {
    return (this.endpoint ??= resolveEndpoint(this.options));
  }

  // --- cases ---------------------------------------------------------------------------------------

  /** Registers a signal; opens a case. Sends an Idempotency-Key (a new UUID unless given), so retries never open a second case. */
  registerSignal(body: BodyOf<'POST /signals'>, options: CallOptions & { idempotencyKey?: string } = {}) {
    const { idempotencyKey = randomUUID(), ...call } = options;
    return this.call('POST /signals', { ...call, body, headers: { ...call.headers, 'idempotency-key': idempotencyKey } });
  }
  listCases(query: QueryOf<'GET /cases'> = {}, options?: CallOptions) {
    return this.call('GET /cases', { ...options, query });
  }
  /** Every case the caller may see, page by page. */
  async *iterateCases(query: Omit<QueryOf<'GET /cases'>, 'cursor'> = {}, options?: CallOptions): AsyncGenerator<ResultOf<'GET /cases'>['items'][number]> {
    let cursor: string | undefined;
    do {
      const page = await this.listCases({ ...query, ...(cursor ? { cursor } : {}) }, options);
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
  getCase(caseId: string, options?: CallOptions) {
    return this.call('GET /cases/{caseId}', { ...options, path: { caseId } });
  }
  updateSubject(caseId: string, body: BodyOf<'PATCH /cases/{caseId}'>, options?: CallOptions) {
    return this.call('PATCH /cases/{caseId}', { ...options, path: { caseId }, body });
  }
  getCaseHistory(caseId: string, options?: CallOptions) {
    return this.call('GET /cases/{caseId}/history', { ...options, path: { caseId } });
  }
  inviteParticipant(caseId: string, body: BodyOf<'POST /cases/{caseId}/participants'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/participants', { ...options, path: { caseId }, body });
  }
  /** Ends a partner's invitation now (the partner then gets 404 on the case); revoking twice changes nothing. */
  revokeParticipant(caseId: string, organisationId: string, options?: CallOptions) {
    return this.call('DELETE /cases/{caseId}/participants/{organisationId}', { ...options, path: { caseId, organisationId } });
  }
  scheduleConsultation(caseId: string, body: BodyOf<'POST /cases/{caseId}/consultations'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/consultations', { ...options, path: { caseId }, body });
  }
  recordConsultationOutcome(caseId: string, consultationId: string, body: BodyOf<'POST /cases/{caseId}/consultations/{consultationId}/outcome'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/consultations/{consultationId}/outcome', { ...options, path: { caseId, consultationId }, body });
  }
  listConsultations(caseId: string, options?: CallOptions) {
    return this.call('GET /cases/{caseId}/consultations', { ...options, path: { caseId } });
  }

  /** Offers the case to another region; the receiving ZVH accepts or refuses it as a task. */
  requestTransfer(caseId: string, body: BodyOf<'POST /cases/{caseId}/transfers'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/transfers', { ...options, path: { caseId }, body });
  }

  /** Records that the person is detained during monitoring or aftercare (202), or moves the release date (200). */
  recordDetention(caseId: string, body: BodyOf<'PUT /cases/{caseId}/detention'>, options?: CallOptions) {
    return this.call('PUT /cases/{caseId}/detention', { ...options, path: { caseId }, body });
  }

  // --- advice requests (adviesvraag) ----------------------------------------------------------------

  /** Asks the region's specialist R&E for advice without naming the person; the id is the server's. */
  createAdviceRequest(body: BodyOf<'POST /advice-requests'>, options?: CallOptions) {
    return this.call('POST /advice-requests', { ...options, body });
  }
  listAdviceRequests(query: QueryOf<'GET /advice-requests'> = {}, options?: CallOptions) {
    return this.call('GET /advice-requests', { ...options, query });
  }
  getAdviceRequest(adviceRequestId: string, options?: CallOptions) {
    return this.call('GET /advice-requests/{adviceRequestId}', { ...options, path: { adviceRequestId } });
  }
  /** An answer or question back (the specialist R&E) or a reply (the asker). */
  postAdviceMessage(adviceRequestId: string, body: BodyOf<'POST /advice-requests/{adviceRequestId}/messages'>, options?: CallOptions) {
    return this.call('POST /advice-requests/{adviceRequestId}/messages', { ...options, path: { adviceRequestId }, body });
  }
  /** Converts the request into a signal once the person is named; opens a case that keeps the thread. */
  convertAdviceRequest(adviceRequestId: string, body: BodyOf<'POST /advice-requests/{adviceRequestId}/conversion'>, options?: CallOptions) {
    return this.call('POST /advice-requests/{adviceRequestId}/conversion', { ...options, path: { adviceRequestId }, body });
  }

  // --- workflow ------------------------------------------------------------------------------------

  listTasks(caseId: string, options?: CallOptions) {
    return this.call('GET /cases/{caseId}/tasks', { ...options, path: { caseId } });
  }
  /** One page of the open tasks the caller may take across cases, the earliest due first. */
  listOpenTasks(query: QueryOf<'GET /tasks'> = {}, options?: CallOptions) {
    return this.call('GET /tasks', { ...options, query });
  }
  decide(caseId: string, body: BodyOf<'POST /cases/{caseId}/decisions'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/decisions', { ...options, path: { caseId }, body });
  }
  /**
   * Waits until the caller has an open task on the case that `match` accepts: the work process
   * runs asynchronously, so a task appears shortly after the step is reached.
   */
  async waitForTask(caseId: string, match: (task: ResultOf<'GET /cases/{caseId}/tasks'>['tasks'][number]) => boolean = () => true, options: { timeoutMs?: number; intervalMs?: number; signal?: AbortSignal } = {}) {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      const { tasks } = await this.listTasks(caseId, options.signal ? { signal: options.signal } : {});
      const task = tasks.find(match);
      if (task) return task;
      if (Date.now() >= deadline) throw new Error(`no matching open task on case ${caseId} within ${options.timeoutMs ?? 30_000} ms`);
      await sleep(options.intervalMs ?? 500);
    }
  }

  // --- covenant ------------------------------------------------------------------------------------

  askCovenant(body: BodyOf<'POST /covenant/decisions'>, options?: CallOptions) {
    return this.call('POST /covenant/decisions', { ...options, body });
  }
  recordDisclosure(caseId: string, body: BodyOf<'POST /cases/{caseId}/disclosures'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/disclosures', { ...options, path: { caseId }, body });
  }
  recordConsent(caseId: string, body: BodyOf<'POST /cases/{caseId}/consents'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/consents', { ...options, path: { caseId }, body });
  }
  withdrawConsent(caseId: string, consentId: string, body: BodyOf<'POST /cases/{caseId}/consents/{consentId}/withdrawal'> = {}, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/consents/{consentId}/withdrawal', { ...options, path: { caseId, consentId }, body });
  }
  recordInforming(caseId: string, body: BodyOf<'POST /cases/{caseId}/informing'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/informing', { ...options, path: { caseId }, body });
  }
  getAuditTrail(caseId: string, query: QueryOf<'GET /cases/{caseId}/audit'> = {}, options?: CallOptions) {
    return this.call('GET /cases/{caseId}/audit', { ...options, path: { caseId }, query });
  }
  subjectReport(body: BodyOf<'POST /subjects/report'>, options?: CallOptions) {
    return this.call('POST /subjects/report', { ...options, body });
  }

  // --- measures ------------------------------------------------------------------------------------

  getCatalogue(query: QueryOf<'GET /measures/catalogue'> = {}, options?: CallOptions) {
    return this.call('GET /measures/catalogue', { ...options, query });
  }
  getPlan(caseId: string, query: QueryOf<'GET /cases/{caseId}/plan'> = {}, options?: CallOptions) {
    return this.call('GET /cases/{caseId}/plan', { ...options, path: { caseId }, query });
  }
  /** Drafts the plan (no basedOnVersion) or revises it (the version read last). */
  draftPlan(caseId: string, body: BodyOf<'POST /cases/{caseId}/plan'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/plan', { ...options, path: { caseId }, body });
  }
  getSuggestions(caseId: string, options?: CallOptions) {
    return this.call('GET /cases/{caseId}/measures/suggestions', { ...options, path: { caseId } });
  }
  transitionMeasure(caseId: string, measureId: string, body: BodyOf<'POST /cases/{caseId}/measures/{measureId}/transitions'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/measures/{measureId}/transitions', { ...options, path: { caseId, measureId }, body });
  }
  /** Send your own `noteId` to make repeating the call safe (a repeated id is a 409). */
  addProgressNote(caseId: string, measureId: string, body: BodyOf<'POST /cases/{caseId}/measures/{measureId}/notes'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/measures/{measureId}/notes', { ...options, path: { caseId, measureId }, body });
  }
  logSession(caseId: string, measureId: string, body: BodyOf<'POST /cases/{caseId}/measures/{measureId}/sessions'>, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/measures/{measureId}/sessions', { ...options, path: { caseId, measureId }, body });
  }
  matchMentor(caseId: string, measureId: string, body: BodyOf<'POST /cases/{caseId}/measures/{measureId}/mentor'> = {}, options?: CallOptions) {
    return this.call('POST /cases/{caseId}/measures/{measureId}/mentor', { ...options, path: { caseId, measureId }, body });
  }
  putMentor(mentorId: string, body: BodyOf<'PUT /measures/mentors/{mentorId}'>, options?: CallOptions) {
    return this.call('PUT /measures/mentors/{mentorId}', { ...options, path: { mentorId }, body });
  }
  evaluationExport(query: QueryOf<'GET /measures/evaluation-export'> & { format?: 'json' }, options?: CallOptions) {
    return this.call('GET /measures/evaluation-export', { ...options, query });
  }
  /** The evaluation figures as CSV text. */
  async evaluationExportCsv(period: string, options?: CallOptions): Promise<string> {
    const reply = await this.send('GET /measures/evaluation-export', { ...options, query: { period, format: 'csv' } });
    return reply.body as unknown as string;
  }
  /** The ONE-on-ONE research export (consented trajectories, pseudonymised per export). */
  oneOnOneResearchExport(query: QueryOf<'GET /exports/one-on-one'>, options?: CallOptions) {
    return this.call('GET /exports/one-on-one', { ...options, query });
  }
  /** The region's process evaluation over [from, to] (YYYY-MM-DD): de-identified figures per quarter and year. */
  processReport(query: QueryOf<'GET /reports/process'> & { format?: 'json' }, options?: CallOptions) {
    return this.call('GET /reports/process', { ...options, query });
  }
  /** The process evaluation as CSV text, for the steering group. */
  async processReportCsv(query: { from: string; to: string }, options?: CallOptions): Promise<string> {
    const reply = await this.send('GET /reports/process', { ...options, query: { ...query, format: 'csv' } });
    return reply.body as unknown as string;
  }

  // --- any route -----------------------------------------------------------------------------------

  /** Calls a route and returns its body; throws a CterApiError subclass for any status >= 400. */
  async call<R extends RouteKey>(route: R, input: RouteInput<R>): Promise<ResultOf<R>> {
    return (await this.send(route, input)).body;
  }

  /** Calls a route and returns status, headers and body (ETag, Location, Idempotent-Replayed). */
  async send<R extends RouteKey>(route: R, input: RouteInput<R>): Promise<Reply<ResultOf<R>>> {
    const { method, template } = splitRoute(route);
    const url = this.urlOf(template, input.path as Record<string, string> | undefined, input.query as Record<string, unknown> | undefined);
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    const headers: Record<string, string> = { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
    // One key for all attempts of this call (unless the caller chose one): a retry after a timeout
    // or a 5xx then gets the first outcome back instead of writing twice.
    if (routeEntry(route)?.idempotency === 'runner') headers['idempotency-key'] ??= randomUUID();
    const safe = repeatable(method, route);

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.maxAttempts;
      let response: Response;
      try {
        const signed = await signRequest({ method, url, headers, body }, { credentials: await this.credentials(), awsRegion: this.api.awsRegion });
        const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
        response = await fetch(url, { method, headers: signed, ...(body !== undefined ? { body } : {}), signal: input.signal ? AbortSignal.any([input.signal, timeout]) : timeout });
      } catch (error) {
        if (input.signal?.aborted) throw input.signal.reason;
        if (error instanceof CterApiError) throw error;
        if (causeCode(error) === undefined && !(error instanceof TypeError)) throw error; // not a network failure: credentials, signing
        if (last || !retryableNetworkError(error, safe)) throw new CterNetworkError(route, error);
        await this.pause(route, attempt, backoffDelay(attempt, this.retry), { error: causeCode(error) ?? 'network error' }, input.signal);
        continue;
      }
      const parsed = await readBody(response);
      if (response.ok) return { status: response.status, headers: response.headers, body: parsed as ResultOf<R> };
      if (!last && retryableStatus(response.status, safe)) {
        const asked = retryAfterMs(response.headers.get('retry-after'));
        if (asked === undefined || asked <= this.retry.maxDelayMs) {
          await this.pause(route, attempt, asked ?? backoffDelay(attempt, this.retry), { status: response.status }, input.signal);
          continue;
        }
      }
      throw apiError(route, response.status, parsed, response.headers);
    }
  }

  private urlOf(template: string, path: Record<string, string> | undefined, query: Record<string, unknown> | undefined): URL {
    const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = path?.[name];
      if (value === undefined || value === '') throw new Error(`path parameter ${name} is missing`);
      return encodeURIComponent(value);
    });
    const url = new URL(this.api.baseUrl + filled);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    return url;
  }

  private async pause(route: string, attempt: number, delayMs: number, what: { status?: number; error?: string }, signal: AbortSignal | undefined): Promise<void> {
    this.options.onRetry?.({ route, attempt, delayMs, ...what });
    await sleep(delayMs);
    if (signal?.aborted) throw signal.reason;
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? 'application/json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
