// What the region's state machines and the hand-over bus pass each workflow function: the input of a
// step (`workflowStep`) and the detail of an event (`eventTarget`), by the step's name. The source of
// the generated parsers the functions validate with (`npm run validators`, compiled/steps.ts): the
// functions never load this module or zod. Refinements here must answer, never throw (parsedOnly).
import * as z from 'zod/mini';
import { CASE_STATES, isValidBsn } from '@cter/domain';
import { ORGANISATION_TYPES, TASK_KINDS } from '@cter/config';

const uuid = z.uuid();
const text = z.string().check(z.minLength(1));
const count = z.number().check(z.refine(Number.isInteger), z.gte(0));
const answer = z.enum(['accept', 'refuse']);
/** A state's caught error (Step Functions' `ResultPath` of a Catch): its name only is read. */
const caught = z.looseObject({ Error: z.string() });

export const STEP_INPUTS = {
  /** A `.waitForTaskToken` state: the human step to open as a task. */
  'open-task': z.object({
    caseId: uuid,
    kind: z.enum(TASK_KINDS),
    taskToken: text,
    executionArn: text,
    stateName: text,
    timeoutSeconds: z.number().check(z.refine(Number.isInteger), z.gt(0)),
    topic: z.optional(z.string()),
    assignees: z.optional(z.array(z.enum(ORGANISATION_TYPES))),
    allowedOutcomes: z.optional(z.array(z.string())),
  }),
  /** The state the work process reached, and the execution that reached it. */
  'record-state': z.object({ caseId: uuid, toState: z.enum(CASE_STATES), eventType: text, executionArn: text }),
  /** A human step whose deadline passed (the task state's caught timeout). */
  'expire-tasks': z.object({ caseId: uuid, stateName: text, kind: z.enum(TASK_KINDS), error: z.optional(caught) }),
  /** The next evaluation's due date (monitoring, aftercare), or the detention track's next turn. */
  'schedule-evaluation': z.union([
    z.object({ caseId: uuid, mode: z.enum(['monitoring', 'aftercare']), cycle: count }),
    z.object({ caseId: uuid, mode: z.literal('release'), marHeld: z.boolean(), turn: count }),
  ]),
  /** The transfer state machine's offer to the receiving region, waiting on this token. */
  'offer-transfer': z.object({ caseId: uuid, taskToken: text }),
  /** The receiving ZVH's answer to an offer, sent back from the reception state machine. */
  'answer-transfer': z.object({ caseId: uuid, outcome: answer }),
  /** Executions of the case to stop: all others (transfer), or the running cycle (`monitoring`, detention). */
  'end-executions': z.object({ caseId: uuid, executionArn: text, stop: z.optional(z.literal('monitoring')) }),
  /** Every state machine's catch-all: the step that failed after its retries. */
  'needs-attention': z.object({ caseId: uuid, stateName: z.optional(z.string()), error: caught }),
  /** Hand-over bus, receiving region: a case offered by another region, with the subject's identity. */
  'receive-transfer': z.object({
    originRegion: z.string(),
    originCaseId: uuid,
    originCaseNumber: z.string(),
    toRegion: z.string(),
    toMunicipality: z.string(),
    answerToken: text,
    handover: z.object({ subject: z.object({ name: z.string(), bsn: z.string().check(z.refine(isValidBsn)), birthDate: z.string() }) }),
  }),
  /** Hand-over bus, sending region: the receiving region's answer to its offer. */
  'complete-transfer': z.object({
    originRegion: z.string(),
    originCaseId: uuid,
    answerToken: text,
    outcome: answer,
    receivingRegion: z.string(),
    receivingCaseId: uuid,
  }),
} as const;

export type StepName = keyof typeof STEP_INPUTS;
