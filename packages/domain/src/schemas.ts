// The API contract: request and response shapes of the cases API. One source for validation,
// types and the OpenAPI document. Unknown fields are refused, so an organisation id can never be
// smuggled in through a body. Written with zod/mini: the same zod, a fifth of the bundle.
// Each schema is built in a pure IIFE (`/* @__PURE__ */ (() => ...)()`), here and in the other schema
// modules: zod's builders are calls, which esbuild must keep unless told they are pure, so without it
// every function carried every schema of the modules it imports (test/unit/schema-tree-shaking.test.ts).
import * as z from 'zod/mini';
import { isValidBsn } from './bsn';
import { anyField, eachOnce, plausibleBirthDate } from './rules';
import { CASE_STATES } from './case-lifecycle';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `at most ${max} characters`));
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;

export const Bsn = /* @__PURE__ */ (() => described(
  z.string().check(z.regex(/^\d{9}$/, { message: 'a BSN is nine digits', abort: true }), z.refine(isValidBsn, 'not a valid BSN (fails the 11-test)')),
  'Citizen service number (burgerservicenummer)',
))();

export const IsoDate = /* @__PURE__ */ (() => z.iso.date('a date as YYYY-MM-DD'))();
const MunicipalityId = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z0-9-]{2,60}$/, 'a municipality id such as haarlem')))();

export const Address = /* @__PURE__ */ (() => z.strictObject({
  street: text(200),
  houseNumber: text(20),
  postalCode: z.string().check(z.regex(/^\d{4} ?[A-Z]{2}$/, 'a Dutch postal code like 2011 AB')),
  city: text(100),
}))();

export const Subject = /* @__PURE__ */ (() => described(
  z.strictObject({
    name: text(200),
    bsn: Bsn,
    birthDate: IsoDate.check(z.refine(plausibleBirthDate, 'must lie between 1900-01-01 and today')),
    municipality: MunicipalityId,
    address: z.optional(Address),
  }),
  'The person the signal is about (betrokkene)',
))();
export type Subject = z.infer<typeof Subject>;

export const Reporter = /* @__PURE__ */ (() => described(
  z.strictObject({
    name: text(200),
    phone: z.string().check(z.regex(/^\+?[0-9][0-9 ()-]{5,19}$/, 'a phone number of 6 to 20 digits')),
  }),
  'The person who reported the concern (melder)',
))();

export const RegisterSignalRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    subject: Subject,
    reason: described(text(4000), 'Why the reporter is concerned (aanleiding)'),
    reporter: Reporter,
    detention: z.optional(
      described(
        z.strictObject({ releaseDate: z.iso.datetime({ message: 'an ISO date-time of the release' }) }),
        'The person is detained with a known release date: the safe re-integration track prepares the release first',
      ),
    ),
  }),
  'A signal (melding) about a person; the reporting organisation is the caller.',
))();
export type RegisterSignalRequest = z.infer<typeof RegisterSignalRequest>;

export const CaseStateEnum = /* @__PURE__ */ (() => z.enum(CASE_STATES))();

export const CaseSummary = /* @__PURE__ */ (() => z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  state: CaseStateEnum,
  municipality: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}))();
export type CaseSummary = z.infer<typeof CaseSummary>;

export const RegisterSignalResponse = /* @__PURE__ */ (() => z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  state: CaseStateEnum,
  createdAt: z.iso.datetime(),
}))();
export type RegisterSignalResponse = z.infer<typeof RegisterSignalResponse>;

export const ListCasesQuery = /* @__PURE__ */ (() => z.strictObject({
  state: z.optional(CaseStateEnum),
  municipality: z.optional(MunicipalityId),
  limit: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'a whole number'), z.gte(1, 'at least 1'), z.lte(100, 'at most 100')), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
}))();
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

export const CaseIdPath = /* @__PURE__ */ (() => z.strictObject({ caseId: z.uuid('a case id is a UUID') }))();
export const ParticipantPath = /* @__PURE__ */ (() => z.strictObject({
  caseId: z.uuid('a case id is a UUID'),
  organisationId: z.string().check(z.regex(/^[a-z0-9-]{2,60}$/, 'an organisation id such as ggz')),
}))();

const Version = /* @__PURE__ */ (() => described(z.number().check(z.refine(Number.isInteger, 'a whole number'), z.gte(1)), 'The version read last; a stale version gets 409'))();

export const UpdateSubjectRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    version: Version,
    subject: z.partial(z.strictObject({ name: text(200), birthDate: IsoDate, address: Address })).check(z.refine(anyField, 'name at least one field to correct')),
    reasoning: described(text(2000), 'Why the data is corrected (rectification)'),
  }),
  'Correct the recorded data of the person (rectificatie).',
))();
export type UpdateSubjectRequest = z.infer<typeof UpdateSubjectRequest>;

export const InviteParticipantRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    version: Version,
    organisationId: z.string().check(z.regex(/^[a-z0-9-]{2,60}$/, 'an organisation id such as ggz')),
    role: described(z.enum(['consultation', 'measure-owner', 'mentor', 'advisor']), 'Why the partner takes part'),
    until: described(z.iso.datetime({ message: 'an ISO date-time when the invitation ends' }), 'The invitation expires by itself at this moment'),
    reasoning: described(text(2000), 'Why this partner is needed (proportionality)'),
  }),
  'Invite a partner organisation to a case (uitnodiging casusoverleg).',
))();
export type InviteParticipantRequest = z.infer<typeof InviteParticipantRequest>;

export const DecisionRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    task: z.uuid('the id of a pending task of this case'),
    outcome: z.string().check(z.minLength(1), z.maxLength(60)),
    reasoning: described(text(4000), 'Criteria met and the proportionality and subsidiarity reasoning'),
    planVersion: z.optional(
      described(
        z.number().check(z.refine(Number.isInteger, 'a whole number'), z.gte(1)),
        'The version of the plan of action the consultation adopts; required for (and only for) a plan-adoption decision',
      ),
    ),
  }),
  'A decision on a pending human step of the work process.',
))();
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const ErrorResponse = /* @__PURE__ */ (() => z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    requestId: z.optional(z.string()),
  }),
}))();

export const TransferRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    version: Version,
    toRegion: z.enum(['noord-holland-noord', 'zaanstreek-waterland', 'kennemerland']),
    toMunicipality: MunicipalityId,
    reasoning: described(text(2000), 'Why the case moves (e.g. the person moved) and what the warm handover agreed'),
  }),
  'Transfer a case to another region (warme overdracht): the receiving ZVH must accept it.',
))();
export type TransferRequest = z.infer<typeof TransferRequest>;

const OrganisationId = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z0-9-]{2,60}$/, 'an organisation id such as ggz')))();

export const ConsultationPath = /* @__PURE__ */ (() => z.strictObject({
  caseId: z.uuid('a case id is a UUID'),
  consultationId: z.uuid('a consultation id is a UUID'),
}))();

export const ScheduleConsultationRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    scheduledAt: described(z.iso.datetime({ message: 'an ISO date-time of the consultation' }), 'When the consultation takes place (at most 30 days ago, at most 180 days ahead)'),
    attendees: described(
      z.array(OrganisationId).check(
        z.minLength(1, 'name at least one attendee'),
        z.maxLength(20, 'at most 20 attendees'),
        z.refine(eachOnce, 'an attendee is named once'),
      ),
      'Organisations taking part in the case that attend: core partners, the ZVH, the specialist R&E, invited partners (invited at least until the consultation)',
    ),
    agenda: described(z.array(text(500)).check(z.minLength(1, 'name at least one agenda item'), z.maxLength(30, 'at most 30 agenda items')), 'The agenda items, in order'),
  }),
  'Schedule a case consultation (individueel casusoverleg) of the case.',
))();
export type ScheduleConsultationRequest = z.infer<typeof ScheduleConsultationRequest>;

export const ConsultationOutcomeRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    summary: described(text(4000), 'What the consultation concluded (the shared picture)'),
    decisions: described(
      z.array(z.strictObject({ text: text(2000), owner: z.optional(described(OrganisationId, 'The organisation that carries the decision out; it takes part in the case')) })).check(z.maxLength(30, 'at most 30 decisions')),
      'The decisions taken in the consultation',
    ),
    absent: z.optional(described(z.array(OrganisationId).check(z.maxLength(20)), 'Attendees that did not attend after all')),
  }),
  'Record the outcome of a consultation that took place, and the decisions taken in it.',
))();
export type ConsultationOutcomeRequest = z.infer<typeof ConsultationOutcomeRequest>;

/** A page of the task list: the paging of the case list. */
export const ListTasksQuery = /* @__PURE__ */ (() => z.pick(ListCasesQuery, { limit: true, cursor: true }))();
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

export const DetentionRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    version: Version,
    releaseDate: described(z.iso.datetime({ message: 'an ISO date-time of the release' }), 'The expected release date; must lie in the future'),
    reasoning: described(text(2000), 'Why: the detention, or why the release date moved'),
  }),
  'The person is detained during the case (monitoring or aftercare), or the release date of a detained person moved: the safe re-integration track prepares the release.',
))();
export type DetentionRequest = z.infer<typeof DetentionRequest>;
