// Moves the case to the state the work process reached, with its history event and audit record;
// records the execution in the case's chain. Idempotent, so Step Functions may retry it. A final
// state (no action, referral, rejection, closure, transfer) starts retention: the deadline of the
// covenant version in force goes on the case and into the retention queue, in the same transaction.
// Entering consultation for the first time (the triangle admitted the case) records the admission on
// the case (`transition`, @cter/cases): the ZVH and invited partners take part from then on. An
// execution new to the case's chain is recorded with the state machine version it runs.
// Leaving detention for monitoring is the detention track's release (`detention.released`), which
// puts the case under supervision; nothing else (a cycle stopped late) moves a detained case there.
import { recordStateInput } from '@cter/routes/steps';
import { InvalidTransition, StaleVersion } from '@cter/domain';
import { isNewExecution, releaseToSupervision, transition, withExecution } from '@cter/case-store';
import { retentionDeadline } from '@cter/covenant-domain/versions';
import { retentionQueueItem } from '@cter/case-store';
import { cases, region } from '../adapters/environment';
import { executionVersion } from '../adapters/state-machine';
import { workflowStep } from './step';
import { systemAudit } from './system-audit';

const ATTEMPTS = 5;

export const handler = workflowStep('record-state', recordStateInput, async (input) => {
  for (let attempt = 1; ; attempt++) {
    const record = await cases.get(input.caseId);
    if (!record) throw new Error(`case ${input.caseId} not found in ${region.id}`);
    const at = new Date().toISOString();
    const versionArn = isNewExecution(record, input.executionArn) ? await executionVersion(input.executionArn) : undefined;
    const chained = withExecution(record, input.executionArn, versionArn);
    if (record.state === input.toState && chained === record) return { state: record.state, version: record.version };
    const release = record.state === 'detention' && input.toState === 'monitoring';
    if (release && input.eventType !== 'detention.released') throw new InvalidTransition('a detained case returns to monitoring only on its release');
    const { record: moved, event } =
      record.state === input.toState
        ? { record: { ...chained, version: record.version + 1, updatedAt: at }, event: { version: record.version + 1, type: input.eventType, at, organisationId: 'workflow', fromState: record.state, toState: record.state } }
        : release
          ? releaseToSupervision(chained, at)
          : transition(chained, input.toState, input.eventType, 'workflow', at);
    const deadline = record.state === input.toState ? undefined : retentionDeadline(moved.state, new Date(at));
    const next = deadline ? { ...moved, retention: deadline } : moved;
    try {
      await cases.update(next, event, systemAudit(record.caseId, 'write', ['process'], 'case-work', 'record-state'), deadline ? [retentionQueueItem(next.caseId, next.caseNumber, deadline)] : []);
      return { state: next.state, version: next.version };
    } catch (error) {
      // A partner wrote the case meanwhile: read it again.
      if (!(error instanceof StaleVersion) || attempt >= ATTEMPTS) throw error;
    }
  }
});
