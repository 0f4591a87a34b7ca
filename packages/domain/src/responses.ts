// Response shapes of the API, for the OpenAPI document (@cter/api-spec) and the typed client
// (@cter/client). Handlers build their replies from domain records; these schemas describe what
// reaches the partner. Responses may gain fields: partners must ignore fields they do not know,
// so objects here are open (the document says so), and nested detail the services own is
// described at its top level only.
import * as z from 'zod/mini';
import { CaseStateEnum as CaseState, CaseSummary, IsoDate } from './schemas';

const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;
/** An object whose fields a service owns and may extend; documented by its description only. */
const open = (description: string) => described(z.looseObject({}), description);
const Instant = /* @__PURE__ */ (() => z.iso.datetime())();

// --- cases ---------------------------------------------------------------------------------------

export const CaseListPage = /* @__PURE__ */ (() => described(
  z.object({
    items: z.array(CaseSummary),
    nextCursor: z.optional(described(z.string(), 'Pass as `cursor` to read the next page; absent on the last page')),
  }),
  'One page of case summaries, newest first. Summaries carry no personal data.',
))();
export type CaseListPage = z.infer<typeof CaseListPage>;

export const CaseParticipant = /* @__PURE__ */ (() => z.object({
  organisationId: z.string(),
  role: z.string(),
  since: Instant,
  until: z.optional(Instant),
}))();

export const ReceivedDisclosureView = /* @__PURE__ */ (() => described(
  z.object({
    disclosureId: z.uuid(),
    sender: described(z.string(), 'The disclosing organisation'),
    disclosedAt: Instant,
    purpose: z.string(),
    covenantVersion: z.string(),
    items: z.array(z.object({ category: z.string(), label: z.string(), content: z.string() })),
  }),
  'Items another partner disclosed to the caller under the covenant',
))();

export const CaseView = /* @__PURE__ */ (() => described(
  z.object({
    caseId: z.uuid(),
    caseNumber: described(z.string(), 'e.g. KEN-2026-000123'),
    regionId: z.string(),
    state: CaseState,
    version: described(z.number(), 'Send it back with a change (optimistic locking); also the ETag'),
    municipality: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
    disclosures: z.array(ReceivedDisclosureView),
    subject: described(
      z.object({
        name: z.string(),
        bsn: z.optional(z.string()),
        birthDate: IsoDate,
        municipality: z.string(),
        address: z.optional(z.object({ street: z.string(), houseNumber: z.string(), postalCode: z.string(), city: z.string() })),
      }),
      'The person (betrokkene); BSN and address only for partners with the full view',
    ),
    signal: z.optional(
      described(
        z.object({
          reason: z.string(),
          reporter: z.object({ name: z.string(), phone: z.string() }),
          reportingOrganisation: z.string(),
          receivedAt: Instant,
        }),
        'The signal as registered; full view only',
      ),
    ),
    advice: z.optional(
      described(
        z.object({
          adviceRequestId: z.uuid(),
          askedBy: z.string(),
          askedAt: Instant,
          concern: z.string(),
          messages: z.array(z.object({ messageId: z.uuid(), kind: z.string(), from: z.string(), at: Instant, text: z.string() })),
          convertedBy: z.string(),
          convertedAt: Instant,
        }),
        'The anonymous advice request the signal came from, with its thread; full view only',
      ),
    ),
    participants: z.optional(z.array(CaseParticipant)),
    detention: z.optional(z.object({ releaseDate: Instant, from: z.optional(CaseState), since: z.optional(Instant), releasedAt: z.optional(Instant) })),
    supervision: z.optional(described(z.object({ since: Instant, until: Instant }), 'Supervision after a release during monitoring: evaluated more often until `until`')),
    workflow: z.optional(open('The executions of the work process and any trouble; full view only')),
    retention: z.optional(open('When the personal data of a closed case is destroyed, and under which covenant rule')),
  }),
  'A case, shaped to what the caller may see: full, process (no signal, BSN or address) or invited (the person and the disclosures to the caller).',
))();
export type CaseView = z.infer<typeof CaseView>;

export const CaseHistoryEvent = /* @__PURE__ */ (() => z.object({
  version: z.number(),
  type: described(z.string(), 'e.g. signal.received, subject.rectified, decision.recorded'),
  at: Instant,
  organisationId: z.optional(described(z.string(), 'Who acted: full view; process view from the admission on')),
  fromState: z.optional(CaseState),
  toState: CaseState,
  reasoning: z.optional(described(z.string(), 'Full view only')),
  fields: z.optional(described(z.array(z.string()), 'Names of the fields a change touched, never their values; limited views see only names they may see')),
}))();

export const CaseHistory = /* @__PURE__ */ (() => described(
  z.object({ caseId: z.uuid(), events: z.array(CaseHistoryEvent) }),
  'What happened to the case, in version order, shaped per view level: the full view sees every event; the process view (ZVH) the state changes before the admission and from it on the process events without reasoning; invited partners the state changes, their own invitation and corrections of what they can read.',
))();
export type CaseHistory = z.infer<typeof CaseHistory>;

// --- workflow ------------------------------------------------------------------------------------

export const TaskView = /* @__PURE__ */ (() => described(
  z.object({
    taskId: z.uuid(),
    caseId: z.uuid(),
    kind: described(z.string(), 'weighing-contribution, weighing-interpretation, weighing-decision, triangle-decision, plan-adoption, evaluation, closure-decision, escalation, release-preparation, transfer-acceptance, informing-review'),
    title: z.string(),
    topic: z.optional(described(z.string(), 'What the task is about within its kind: the contributing partner, a release element')),
    assignees: described(z.array(z.string()), 'Organisation types that may take the task'),
    allowedOutcomes: z.array(z.string()),
    status: z.enum(['open', 'done', 'expired']),
    createdAt: Instant,
    dueAt: Instant,
    stateName: z.string(),
    outcome: z.optional(z.string()),
    decidedBy: z.optional(z.string()),
    decidedAt: z.optional(Instant),
  }),
  'A human step of the work process (taak)',
))();
export type TaskView = z.infer<typeof TaskView>;

export const TaskList = /* @__PURE__ */ (() => described(z.object({ caseId: z.uuid(), state: CaseState, tasks: z.array(TaskView) }), 'The open tasks of the case that the caller may decide.'))();
export type TaskList = z.infer<typeof TaskList>;

export const DecisionAccepted = /* @__PURE__ */ (() => described(
  z.object({
    caseId: z.uuid(),
    task: z.uuid(),
    kind: z.string(),
    outcome: z.string(),
    version: described(z.number(), 'The case version after the decision'),
    planVersion: z.optional(z.number()),
  }),
  'The decision is recorded; the work process continues from it shortly after (202).',
))();
export type DecisionAccepted = z.infer<typeof DecisionAccepted>;

// --- covenant ------------------------------------------------------------------------------------

export const PolicyCitation = /* @__PURE__ */ (() => described(
  z.object({ id: z.string(), article: described(z.string(), 'Article of the covenant, e.g. 8(1)'), effect: z.enum(['permit', 'forbid']) }),
  'A covenant policy that decided, with its article',
))();
/** What decided a sharing question: the policies and the articles they cite. */
const decidedBy = { policies: z.array(PolicyCitation), articles: z.array(z.string()) };
/** The legal basis relied on, as the version's party table words it (absent for consent or a basis the version does not list). */
const legalBasis = /* @__PURE__ */ (() => z.optional(
  described(z.object({ id: z.string(), gdpr: z.string(), law: described(z.string(), 'The law the basis rests on, e.g. the Act on data processing in the person-centred approach (Kamerstuk 36225)') }), 'The legal basis (grondslag) relied on'),
))();

export const CovenantDecision = /* @__PURE__ */ (() => described(
  z.object({
    decision: z.enum(['allow', 'deny']),
    covenantVersion: z.string(),
    stage: z.string(),
    decidedAt: Instant,
    legalBasis,
    outcomes: z.array(
      z.object({
        recipient: z.string(),
        recipientType: z.string(),
        category: z.string(),
        decision: z.enum(['allow', 'deny']),
        ...decidedBy,
        reason: z.optional(z.string()),
      }),
    ),
    reasons: z.array(z.string()),
  }),
  'What the covenant in force decides for each recipient and category, with the policies and articles that decided.',
))();
export type CovenantDecision = z.infer<typeof CovenantDecision>;

export const DisclosureRecorded = /* @__PURE__ */ (() => described(
  z.object({
    disclosureId: z.uuid(),
    caseId: z.uuid(),
    decision: z.literal('allow'),
    covenantVersion: z.string(),
    stage: z.string(),
    recipients: z.array(z.string()),
    categories: z.array(z.string()),
    purpose: z.string(),
    ...decidedBy,
    legalBasis,
    disclosedAt: Instant,
  }),
  'The disclosure is stored; a refused disclosure is a 403 naming the articles.',
))();
export type DisclosureRecorded = z.infer<typeof DisclosureRecorded>;

export const ConsentView = /* @__PURE__ */ (() => described(
  z.object({
    consentId: z.uuid(),
    caseId: z.uuid(),
    holder: described(z.string(), 'The organisation that obtained the consent; only it shares on it'),
    recipients: z.array(z.string()),
    categories: z.array(z.string()),
    purposes: z.array(z.string()),
    givenAt: Instant,
    form: z.string(),
    reference: z.optional(z.string()),
    state: z.enum(['active', 'withdrawn']),
    recordedAt: Instant,
    covenantVersion: z.string(),
    withdrawnAt: z.optional(Instant),
  }),
  'A consent of the person (toestemming) as recorded.',
))();
export type ConsentView = z.infer<typeof ConsentView>;

export const InformingRecorded = /* @__PURE__ */ (() => described(
  z.object({
    informingId: z.uuid(),
    caseId: z.uuid(),
    kind: z.enum(['informed', 'deferred']),
    informedAt: z.optional(Instant),
    channel: z.optional(z.string()),
    ground: z.optional(z.string()),
    reviewAt: z.optional(IsoDate),
    recordedAt: Instant,
    recordedBy: z.string(),
    covenantVersion: z.string(),
    closedReviewTasks: described(z.array(z.string()), 'Review tasks this record closed'),
  }),
  'Informing the person, or the deferral, as recorded.',
))();
export type InformingRecorded = z.infer<typeof InformingRecorded>;

export const AuditRecordView = /* @__PURE__ */ (() => z.object({
  caseId: z.string(),
  action: z.enum(['read', 'write']),
  route: z.string(),
  organisationId: z.string(),
  regionId: z.string(),
  principalArn: z.string(),
  categories: z.array(z.string()),
  purpose: z.string(),
  requestId: z.string(),
  covenantVersion: z.optional(z.string()),
  at: Instant,
}))();

export const AuditTrail = /* @__PURE__ */ (() => described(
  z.object({
    caseId: z.string(),
    caseNumber: z.optional(z.string()),
    state: z.optional(CaseState),
    records: z.array(AuditRecordView),
    nextCursor: z.optional(z.string()),
    destruction: z.optional(open('The destruction record once retention destroyed the case')),
  }),
  'The audit trail of a case (oldest first, paged), kept after the case is destroyed.',
))();
export type AuditTrail = z.infer<typeof AuditTrail>;

export const SubjectReport = /* @__PURE__ */ (() => described(
  z.object({
    generatedAt: Instant,
    regionId: z.string(),
    covenantVersion: z.string(),
    cases: z.array(open('One case of the person: every item of its partition (the case, history, tasks, consultations, disclosures, consents, informing, the plan and all its versions, progress notes, ONE-on-ONE sessions), who accessed it, and per item kind what was read (`contents`), where it is shown (`sections`) or why not (`withheld`)')),
  }),
  'Everything the region stores about the person (subject access, art. 15 GDPR).',
))();
export type SubjectReport = z.infer<typeof SubjectReport>;

// --- measures ------------------------------------------------------------------------------------

/** The measure a reply is about. */
const measureOfCase = { caseId: z.uuid(), measureId: z.string() };

export const CatalogueResponse = /* @__PURE__ */ (() => described(
  z.object({
    versions: z.array(z.object({ version: z.string(), effectiveFrom: IsoDate })),
    catalogue: open('The catalogue version asked for: its measures with target groups, owners, requirements and the risk factors they address'),
  }),
  'The measures catalogue (versioned reference data).',
))();
export type CatalogueResponse = z.infer<typeof CatalogueResponse>;

export const PlanView = /* @__PURE__ */ (() => described(
  z.looseObject({
    planId: z.uuid(),
    caseId: z.uuid(),
    version: z.number(),
    status: z.string(),
    goals: z.array(open('A goal per life domain')),
    measures: z.array(open('A measure: full content for its owner (and those it is disclosed to), status only for others')),
  }),
  'The plan of action (plan van aanpak) shaped to the caller; the whole plan for full and process views, own measures and their goals otherwise.',
))();

export const PlanResponse = /* @__PURE__ */ (() => described(
  z.object({ caseId: z.uuid(), plan: z.nullable(PlanView) }),
  'The plan of the case; `plan` is null while the case has none.',
))();
export type PlanResponse = z.infer<typeof PlanResponse>;

export const MeasureSuggestions = /* @__PURE__ */ (() => described(
  z.object({
    caseId: z.uuid(),
    basedOn: open('The facts the suggestions are based on: the plan (its version, target groups and factors) or the case'),
    catalogueVersion: z.string(),
    points: open('The points each fitting rule gives'),
    suggestions: z.array(
      z.looseObject({
        catalogueId: z.string(),
        name: z.string(),
        score: z.number(),
        reasons: z.array(z.string()),
        explanation: z.string(),
      }),
    ),
  }),
  'Catalogue measures that fit the case, best first, each with its reasons.',
))();
export type MeasureSuggestions = z.infer<typeof MeasureSuggestions>;

export const MeasureTransitioned = /* @__PURE__ */ (() => described(
  z.object({ caseId: z.uuid(), event: described(z.string(), 'measure.started or measure.ended'), measure: open('The measure as its owner sees it') }),
  'The measure moved to its new status.',
))();
export type MeasureTransitioned = z.infer<typeof MeasureTransitioned>;

export const ProgressNoteRecorded = /* @__PURE__ */ (() => z.object({ ...measureOfCase, note: open('The note with its id, author organisation and time') }))();
export type ProgressNoteRecorded = z.infer<typeof ProgressNoteRecorded>;

export const SessionLogged = /* @__PURE__ */ (() => z.object({ ...measureOfCase, session: open('The session as logged') }))();
export type SessionLogged = z.infer<typeof SessionLogged>;

export const MentorMatched = /* @__PURE__ */ (() => described(
  z.object({
    ...measureOfCase,
    mentorId: z.string(),
    reasons: z.array(z.string()),
    unmetPreferences: z.array(z.string()),
    freePlacesBefore: z.number(),
  }),
  'The mentor matched to the young person, with the reasons.',
))();
export type MentorMatched = z.infer<typeof MentorMatched>;

export const MentorView = /* @__PURE__ */ (() => described(
  z.object({
    mentorId: z.string(),
    regionId: z.string(),
    capacity: z.number(),
    languages: z.array(z.string()),
    gender: z.string(),
    activeMentees: z.number(),
  }),
  'A mentor of the region pool: capacity and matching attributes, no name.',
))();
export type MentorView = z.infer<typeof MentorView>;

export const EvaluationExportData = /* @__PURE__ */ (() => described(
  z.object({
    dataset: z.literal('cter-measures-evaluation'),
    catalogueVersion: z.string(),
    periodGranularity: z.literal('quarter'),
    minCellPersons: z.number(),
    suppression: z.string(),
    rows: z.array(open('Figures of one measure type, target group, region and quarter; suppressed cells have null figures')),
    period: z.string(),
    quarters: z.array(z.string()),
  }),
  'De-identified evaluation figures (also as CSV with format=csv).',
))();
export type EvaluationExportData = z.infer<typeof EvaluationExportData>;

export const ResearchExportData = /* @__PURE__ */ (() => described(
  z.object({
    dataset: z.literal('cter-one-on-one-research'),
    region: z.string(),
    from: IsoDate,
    to: IsoDate,
    minCellPersons: z.number(),
    counts: z.object({ trajectories: z.nullable(z.number()), withoutResearchConsent: z.nullable(z.number()) }),
    suppression: z.string(),
    trajectories: z.array(open('One ONE-on-ONE trajectory under a pseudonym drawn for this export: target group and start quarter (null in small groups), status, outcome, duration, and its sessions by week with duration, themes and progress scores')),
    summary: z.array(open('Per target group with enough trajectories: mean sessions and mean progress scores at the first and the last session')),
    dictionary: described(z.record(z.string(), z.string()), 'The data dictionary: every field and what it means'),
  }),
  'The ONE-on-ONE research export (Hogeschool van Amsterdam): consented trajectories only, no ids, names, dates of birth or free text.',
))();
export type ResearchExportData = z.infer<typeof ResearchExportData>;

// --- consultation and the task list ------------------------------------------------------------

export const ConsultationView = /* @__PURE__ */ (() => described(
  z.object({
    consultationId: z.uuid(),
    caseId: z.uuid(),
    status: z.enum(['scheduled', 'held']),
    scheduledAt: Instant,
    attendees: described(z.array(z.string()), 'Organisation ids'),
    agenda: z.array(z.string()),
    scheduledBy: z.string(),
    createdAt: Instant,
    outcome: z.optional(
      z.object({
        summary: z.string(),
        decisions: z.array(z.object({ decisionId: z.uuid(), text: z.string(), owner: z.optional(z.string()) })),
        absent: z.array(z.string()),
        recordedAt: Instant,
        recordedBy: z.string(),
      }),
    ),
  }),
  'A case consultation (casusoverleg): date, attendees, agenda, and once held its outcome and decisions',
))();
export type ConsultationView = z.infer<typeof ConsultationView>;

export const ConsultationList = /* @__PURE__ */ (() => described(
  z.object({ caseId: z.uuid(), consultations: z.array(ConsultationView) }),
  'The consultations of the case the caller may see, by date: every one for core partners, the ZVH and the specialist R&E; the ones it attends for an invited partner.',
))();
export type ConsultationList = z.infer<typeof ConsultationList>;

export const TaskSummary = /* @__PURE__ */ (() => described(
  z.object({
    taskId: z.uuid(),
    caseId: z.uuid(),
    caseNumber: z.optional(described(z.string(), 'Only when the caller may see the case')),
    kind: z.string(),
    title: z.string(),
    topic: z.optional(z.string()),
    allowedOutcomes: z.array(z.string()),
    createdAt: Instant,
    dueAt: Instant,
  }),
  'An open task the caller may take, without anything of the person',
))();

export const TaskPage = /* @__PURE__ */ (() => described(
  z.object({
    items: z.array(TaskSummary),
    nextCursor: z.optional(described(z.string(), 'Pass as `cursor` to read the next page; absent on the last page')),
  }),
  'One page of the open tasks the caller may take across cases, the earliest due first. A page may hold fewer than `limit` items; read on while there is a `nextCursor`.',
))();
export type TaskPage = z.infer<typeof TaskPage>;
