// The Step Functions part of the local twin: the state machines of the assembly run on
// aws-local-stepfunctions with the twin's Lambda functions, virtual clock and persistence,
// served over the AWS JSON protocol and a monitor page. The API methods (same semantics as over
// HTTP; errors are SfnServiceError with the service's code) and the twin extras are SfnService's.
import type { EndpointGuard } from '../endpoint-auth';
import { SfnHttpServer, type TwinControl } from './http';
import { SfnService, type SfnServiceOptions } from './service';

export interface StepFunctionsTwinOptions extends SfnServiceOptions {
  /** More twin controls served beside the clock, at /_twin/<name> (faults, idle, ...). */
  controls?: Record<string, TwinControl>;
  /** SigV4 and IAM for the API, the twin-ops profile for the controls; absent: an open endpoint (component tests). */
  guard?: EndpointGuard;
}

export class StepFunctionsTwin extends SfnService {
  private readonly http: SfnHttpServer;
  private started = false;
  private stopped = false;

  /** Validates (asl-validator) and compiles every definition; throws on the first invalid or unsupported one. */
  constructor(options: StepFunctionsTwinOptions) {
    super(options);
    this.http = new SfnHttpServer(this, options.controls ?? {}, options.guard);
  }

  /** Serves the API on host:port (0 = a free port) and resumes the executions a previous twin left RUNNING. */
  async start(port: number, host = '127.0.0.1'): Promise<void> {
    if (this.started) throw new Error('the Step Functions twin is already started');
    this.started = true;
    await this.http.listen(port, host);
    this.resume();
  }

  /** e.g. http://127.0.0.1:4514 */
  get endpoint(): string {
    return this.http.endpoint;
  }

  get monitorUrl(): string {
    return `${this.http.endpoint}/monitor`;
  }

  /** Closes the endpoint and interrupts executions (RUNNING ones stay RUNNING in stateDir); no timers stay behind. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.http.close();
    await this.close();
  }
}
