// Faults injected on purpose, for tests of retries and catches: the next N invocations of a
// function fail as the Lambda service would fail them, without running the function.

export interface InjectedFault {
  /** Substring of the function name, e.g. `RecordState`. */
  functionName: string;
  times: number;
  errorType?: string;
}

export class FaultInjector {
  private readonly faults: InjectedFault[] = [];
  readonly injected: Array<{ functionName: string; errorType: string; at: number }> = [];

  inject(fault: InjectedFault): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The failure to return instead of invoking `functionName`, if a fault is armed for it. */
  fault(functionName: string): { ok: false; errorType: string; errorMessage: string } | undefined {
    const fault = this.faults.find((f) => f.times > 0 && functionName.includes(f.functionName));
    if (!fault) return undefined;
    fault.times -= 1;
    const errorType = fault.errorType ?? 'Lambda.ServiceException';
    this.injected.push({ functionName, errorType, at: Date.now() });
    return { ok: false, errorType, errorMessage: `injected fault (${errorType})` };
  }
}
