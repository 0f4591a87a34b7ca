// Step that stops executions of a case. In the transfer state machine, once the case has moved to
// another region: the case's other executions here stop and its open tasks expire, so nothing in
// this region still waits on it. In the detention track (`stop: 'monitoring'`), once the person is
// detained during monitoring: only the running evaluation cycle stops and its tasks expire; the
// answer names the last cycle, so the cycles after the release continue its numbering.
import { endExecutionsInput } from '@cter/routes/steps';
import { logger } from '@cter/http';
import { cases, tasks } from '../adapters/environment';
import { stopExecution } from '../adapters/state-machine';
import { workflowStep } from './step';

/**
 * The cycles that may be running: a cycle enters the case's chain only when it records its
 * evaluation, so after the last recorded cycle N, N itself or its successor N + 1 may still run.
 */
export function runningCycles(caseId: string, executions: readonly string[], ownArn: string): { arns: string[]; cycle: number } {
  const pattern = new RegExp(`:execution:[^:]+-monitoring:${caseId}-cycle-(\\d+)$`);
  const recorded = Math.max(0, ...executions.map((arn) => Number(pattern.exec(arn)?.[1] ?? 0)));
  const monitoringArn = (n: number) => ownArn.replace(/-detention:[^:]+$/, `-monitoring:${caseId}-cycle-${n}`);
  const candidates = [recorded, recorded + 1].filter((n) => n > 0);
  return { arns: candidates.map(monitoringArn), cycle: recorded + 1 };
}

async function stopAll(arns: readonly string[], error: string, cause: string): Promise<number> {
  let stopped = 0;
  for (const executionArn of arns) {
    try {
      await stopExecution(executionArn, error, cause);
      stopped += 1;
    } catch (failure) {
      // Executions that already ended (or never started) cannot be stopped, which is fine.
      logger.info('execution not stopped', { errorName: (failure as Error).name });
    }
  }
  return stopped;
}

export const handler = workflowStep('end-executions', endExecutionsInput, async (input) => {
  const record = await cases.get(input.caseId);
  if (input.stop === 'monitoring') {
    const { arns, cycle } = runningCycles(input.caseId, record?.workflow?.executions ?? [], input.executionArn);
    const stopped = await stopAll(arns, 'CaseDetained', 'the person was detained; the detention track takes over');
    const expired = await tasks.expire(input.caseId, (t) => arns.includes(t.executionArn), 'case-detained');
    return { stopped, expired: expired.length, cycle };
  }
  const others = (record?.workflow?.executions ?? []).filter((arn) => arn !== input.executionArn);
  const stopped = await stopAll(others, 'CaseTransferred', 'the case moved to another region');
  const expired = await tasks.expire(input.caseId, () => true, 'case-left');
  return { stopped, expired: expired.length };
});
