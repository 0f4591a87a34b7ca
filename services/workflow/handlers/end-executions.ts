// Step of the transfer state machine once the case has moved to another region: the case's other
// executions here stop and its open tasks expire, so nothing in this region still waits on it.
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import * as z from 'zod/mini';
import { logger } from '@cter/http';
import { cases, tasks } from '../adapters/environment';
import { sfn } from '../adapters/state-machine';
import { workflowStep } from './step';

const EndExecutionsEvent = z.object({ caseId: z.uuid(), executionArn: z.string().check(z.minLength(1)) });

export const handler = workflowStep('end-executions', EndExecutionsEvent, async (input) => {
  const record = await cases.get(input.caseId);
  const others = (record?.workflow?.executions ?? []).filter((arn) => arn !== input.executionArn);
  let stopped = 0;
  for (const executionArn of others) {
    try {
      await sfn().send(new StopExecutionCommand({ executionArn, error: 'CaseTransferred', cause: 'the case moved to another region' }));
      stopped += 1;
    } catch (error) {
      // Executions that already ended cannot be stopped, which is fine.
      logger.info('execution not stopped', { errorName: (error as Error).name });
    }
  }
  const expired = await tasks.expire(input.caseId, () => true, 'case-left');
  return { stopped, expired: expired.length };
});
