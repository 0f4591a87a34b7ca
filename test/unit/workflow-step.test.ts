// A workflow step's input goes through its generated parser (`@cter/routes/steps`): the handler gets
// zod's value (unknown keys dropped), and a refused input fails the invocation with StepInputInvalid,
// which names the step and its schema but never the input's values (the state machine's Catch then
// flags the case).
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { recordStateInput } from '@cter/routes/steps';
import { StepInputInvalid, workflowStep } from '../../services/workflow/handlers/step';

const context = { awsRequestId: 'req-1', functionName: 'record-state', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const caseId = '3f0c2a9e-7b1d-4c5e-9a8f-1d2e3f4a5b6c';
const executionArn = 'arn:aws:states:eu-west-1:111111111111:execution:cter-kennemerland-intake:run-1';

describe('workflowStep', () => {
  it('hands the step the parsed input', async () => {
    const seen: unknown[] = [];
    const step = workflowStep('record-state', recordStateInput, async (input) => (seen.push(input), 'done'));
    await expect(step({ caseId, toState: 'consultation', eventType: 'weighing.admitted', executionArn, extra: 'dropped' }, context)).resolves.toBe('done');
    expect(seen).toEqual([{ caseId, toState: 'consultation', eventType: 'weighing.admitted', executionArn }]);
  });

  it('refuses an input its schema refuses, without echoing its values', async () => {
    let ran = false;
    const step = workflowStep('record-state', recordStateInput, async () => (ran = true));
    const failure = step({ caseId: 'J. Jansen 111222333', toState: 'nowhere', eventType: 'weighing.admitted', executionArn }, context);
    await expect(failure).rejects.toBeInstanceOf(StepInputInvalid);
    await expect(failure).rejects.toThrow("record-state: the input does not match the step's schema (packages/routes/src/step-inputs.ts)");
    expect(ran).toBe(false);
  });
});
