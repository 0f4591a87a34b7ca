// The integral work process's settings: deadlines of human steps, evaluation cycles and loop
// limits. The same for every region unless a region's settings say otherwise.
import type { OrganisationType } from './organisations';

export const TASK_KINDS = [
  'weighing-contribution', // bijdrage aan de weging (i2o) by one core partner
  'weighing-interpretation', // duiding van het signaal door de gemeentelijk specialist R&E
  'weighing-decision', // wegingsbesluit
  'triangle-decision', // besluit van de gezagsdriehoek over opname
  'plan-adoption', // vaststelling plan van aanpak in het casusoverleg
  'evaluation', // evaluatiemoment
  'closure-decision', // besluit tot afsluiten door de kernpartners
  'escalation', // overdue step, taken over by the ZVH process director, then the municipality of the case
  'release-preparation', // voorbereiding op ontslag uit detentie (per element)
  'resocialisation-consultation', // multidisciplinair afstemmingsoverleg (MAR) met DJI, reclassering en gemeente
  'transfer-acceptance', // acceptatie van een warme overdracht door de ontvangende regio
  'informing-review', // herbeoordeling van uitgesteld informeren van de betrokkene (covenant art. 15)
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface TaskKindSettings {
  title: string;
  /** Organisation types that may take the task; `municipality` means the municipality of the case. */
  assignees: readonly OrganisationType[];
  outcomes: readonly string[];
  /** Days until the task is overdue. */
  deadlineDays: number;
}

export const TASK_SETTINGS: Record<TaskKind, TaskKindSettings> = {
  'weighing-contribution': { title: 'Contribute information to the weighing', assignees: ['municipality', 'police', 'prosecutor'], outcomes: ['contributed', 'nothing-known'], deadlineDays: 5 },
  // The specialist R&E screens and interprets the signal (signaleren en duiden) alongside the contributions.
  'weighing-interpretation': { title: 'Interpret the signal for the weighing (duiding)', assignees: ['specialist-re'], outcomes: ['radicalisation-indicated', 'no-indication', 'unclear'], deadlineDays: 7 },
  'weighing-decision': {
    title: 'Decide on the weighing',
    assignees: ['municipality', 'police', 'prosecutor'],
    outcomes: ['no-action', 'more-information', 'referral-care', 'referral-criminal', 'propose-admission'],
    deadlineDays: 10,
  },
  'triangle-decision': { title: 'Authority triangle: admit to the integral approach', assignees: ['municipality'], outcomes: ['admit', 'reject'], deadlineDays: 14 },
  'plan-adoption': { title: 'Adopt the plan of action in the case consultation', assignees: ['zvh'], outcomes: ['adopted'], deadlineDays: 28 },
  evaluation: { title: 'Evaluate the plan', assignees: ['zvh'], outcomes: ['continue', 'adjust', 'escalate', 'scale-down', 'close'], deadlineDays: 14 },
  'closure-decision': { title: 'Core partners: close the case', assignees: ['municipality', 'police', 'prosecutor'], outcomes: ['close', 'continue'], deadlineDays: 14 },
  // Each escalation task names its one level: the process director, then the municipality of the case.
  escalation: { title: 'Overdue step: take it over (the ZVH process director, then the municipality of the case)', assignees: ['zvh', 'municipality'], outcomes: [], deadlineDays: 5 },
  'release-preparation': { title: 'Prepare the release', assignees: ['municipality', 'probation', 'prison-service'], outcomes: ['arranged', 'not-needed'], deadlineDays: 60 },
  'resocialisation-consultation': {
    title: 'Hold the resocialisation consultation (MAR) before the release',
    assignees: ['prison-service', 'probation', 'municipality'],
    outcomes: ['held'],
    deadlineDays: 14,
  },
  'transfer-acceptance': { title: 'Accept the case from another region', assignees: ['zvh'], outcomes: ['accept', 'refuse'], deadlineDays: 10 },
  // Outside the work process (no task token): closed by recording informing or a new deferral
  // (POST /cases/{caseId}/informing), so it has no outcomes of its own to decide.
  'informing-review': { title: 'Review the deferred informing of the person: record informing or a renewed deferral', assignees: ['municipality'], outcomes: [], deadlineDays: 14 },
};

export const WORKFLOW_SETTINGS = {
  /** How often the weighing may ask for more information before it must decide. */
  maxMoreInformationLoops: 2,
  /** Days between evaluations while monitoring, and in aftercare. */
  evaluationIntervalDays: 90,
  aftercareEvaluationIntervalDays: 180,
  /** Elements prepared before a release from detention (werkmodel veilige re-integratie). */
  releasePreparations: ['housing', 'income', 'identity-papers', 'care', 'supervision'] as const,
  /** The resocialisation consultation (MAR) is held this many days before the release date. */
  resocialisationConsultationDaysBeforeRelease: 60,
  /** The detention track reads the release date again at least this often (a moved date is met within it). */
  releaseRecheckHours: 24,
  /** One detention execution waits at most this long, then starts its successor (far from the one-year limit). */
  detentionExecutionMaxDays: 90,
  /** After a release from detention during monitoring: supervision, evaluated this often, for this long. */
  supervisionEvaluationIntervalDays: 30,
  supervisionDays: 180,
};
