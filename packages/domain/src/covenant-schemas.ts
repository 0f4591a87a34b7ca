// The API contract of the covenant service: sharing decisions, disclosures, consent, informing the
// person, the audit trail and subject access. Like schemas.ts, written with zod/mini and strict
// objects, so no organisation id can be smuggled in: the sender is always the signing organisation.
import * as z from 'zod/mini';
import { eachOnce } from './rules';
import { Bsn, IsoDate } from './schemas';
import { DATA_CATEGORIES, DEFERRAL_GROUNDS, INFORMING_CHANNELS, PURPOSES } from './vocabulary';


const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `at most ${max} characters`));
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;
const OrganisationId = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z0-9-]{2,60}$/, 'an organisation id such as ggz')))();
const Slug = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'), z.maxLength(80)))();

export const DataCategoryEnum = /* @__PURE__ */ (() => described(z.enum(DATA_CATEGORIES), 'Data category (gegevenscategorie) as the covenant lists them'))();
export const PurposeEnum = /* @__PURE__ */ (() => described(z.enum(PURPOSES), 'Purpose (doel) the covenant admits'))();
const Categories = /* @__PURE__ */ (() => z.array(DataCategoryEnum).check(z.minLength(1, 'name at least one category'), z.maxLength(DATA_CATEGORIES.length), z.refine(eachOnce, 'each category once')))();
const Recipients = /* @__PURE__ */ (() => z.array(OrganisationId).check(z.minLength(1, 'name at least one recipient'), z.maxLength(20, 'at most 20 recipients'), z.refine(eachOnce, 'each recipient once')))();

/** The basis of a disclosure: one of the sender's legal bases in the covenant, or a recorded consent of the person. */
export const DisclosureBasis = /* @__PURE__ */ (() => described(
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('legal-basis'), reference: described(Slug, 'A legal basis the covenant lists for the sender, e.g. wpg-20') }),
    z.strictObject({ kind: z.literal('consent'), consentId: described(z.uuid('a consent id'), 'A consent recorded on this case (POST /cases/{caseId}/consents)') }),
  ]),
  'Legal basis (grondslag) or consent (toestemming)',
))();
export type DisclosureBasis = z.infer<typeof DisclosureBasis>;

export const CovenantDecisionRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    sender: z.optional(described(OrganisationId, 'The sending organisation; defaults to the caller (a question only: nothing is shared)')),
    recipients: z.array(
      z.strictObject({
        organisationId: OrganisationId,
        invited: z._default(described(z.boolean(), 'Whether the recipient is invited to the case (case and care partners)'), false),
      }),
    ).check(z.minLength(1, 'name at least one recipient'), z.maxLength(20, 'at most 20 recipients')),
    categories: Categories,
    purpose: PurposeEnum,
    stage: described(Slug, 'A process stage (signal, weighing, consultation, ...) or a case state'),
    basis: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('legal-basis'), reference: Slug }),
      z.strictObject({ kind: z.literal('consent'), consentId: text(100), state: z._default(z.enum(['active', 'withdrawn']), 'active') }),
    ]),
    at: z.optional(described(z.iso.datetime({ message: 'an ISO date-time' }), 'Decide under the covenant version in force at this moment (default: now)')),
  }),
  'Ask the covenant whether a disclosure would be allowed, and under which articles.',
))();
export type CovenantDecisionRequest = z.infer<typeof CovenantDecisionRequest>;

export const DisclosureItem = /* @__PURE__ */ (() => described(
  z.strictObject({
    category: DataCategoryEnum,
    label: described(text(200), 'What the item is, e.g. "police record summary"'),
    content: described(text(8000), 'The information disclosed'),
  }),
  'One disclosed item (verstrekt gegeven)',
))();

export const DisclosureRequest = /* @__PURE__ */ (() => described(
  z
    .strictObject({
      recipients: described(Recipients, 'Receiving partner organisations (ontvangende partijen)'),
      categories: Categories,
      items: z.array(DisclosureItem).check(z.minLength(1, 'disclose at least one item'), z.maxLength(50, 'at most 50 items')),
      purpose: PurposeEnum,
      basis: DisclosureBasis,
      proportionality: described(text(2000), 'Why this much and no more is shared (proportionaliteit)'),
      subsidiarity: described(text(2000), 'Why less intrusive means do not reach the purpose (subsidiariteit)'),
    })
    .check(
      z.superRefine((request, ctx) => {
        request.items.forEach((item, i) => {
          if (!request.categories.includes(item.category)) ctx.issues.push({ code: 'custom', input: item.category, path: ['items', i, 'category'], message: 'not one of the categories of this disclosure' });
        });
        request.categories.forEach((category, i) => {
          if (!request.items.some((item) => item.category === category)) ctx.issues.push({ code: 'custom', input: category, path: ['categories', i], message: 'no item of this category is disclosed' });
        });
      }),
    ),
  'A disclosure (verstrekking) by the calling organisation to partners of the case.',
))();
export type DisclosureRequest = z.infer<typeof DisclosureRequest>;

export const ConsentRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    recipients: described(Recipients, 'The organisations the person consents to share with'),
    categories: Categories,
    purposes: z.array(PurposeEnum).check(z.minLength(1, 'name at least one purpose'), z.refine(eachOnce, 'each purpose once')),
    givenAt: described(z.iso.datetime({ message: 'an ISO date-time' }), 'When the person gave consent'),
    form: z.enum(['written', 'oral', 'digital']),
    reference: z.optional(described(text(200), 'Where the consent is kept, e.g. a document number (no personal data)')),
  }),
  'Consent (toestemming) of the person, held by the calling organisation; specific to recipients, categories and purposes.',
))();
export type ConsentRequest = z.infer<typeof ConsentRequest>;

export const ConsentWithdrawalRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    withdrawnAt: z.optional(described(z.iso.datetime({ message: 'an ISO date-time' }), 'When the person withdrew; default now, never in the future')),
    note: z.optional(text(2000)),
  }),
  'The person withdraws consent: every further disclosure relying on it is refused from that moment.',
))();
export type ConsentWithdrawalRequest = z.infer<typeof ConsentWithdrawalRequest>;

export const ConsentPath = /* @__PURE__ */ (() => z.strictObject({ caseId: z.uuid('a case id is a UUID'), consentId: z.uuid('a consent id is a UUID') }))();


export const InformingRequest = /* @__PURE__ */ (() => described(
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('informed'),
      informedAt: z.iso.datetime({ message: 'an ISO date-time' }),
      channel: z.enum(INFORMING_CHANNELS),
      note: z.optional(text(2000)),
    }),
    z.strictObject({
      kind: z.literal('deferred'),
      ground: described(z.enum(DEFERRAL_GROUNDS), 'Why the person is not informed yet (ongoing investigation, safety)'),
      reason: described(text(2000), 'The reasoning of the exception'),
      reviewAt: described(IsoDate, 'When the exception is reviewed; an overdue review becomes a task'),
    }),
  ]),
  'Informing the person (informeren van de betrokkene), or a recorded exception with a review date.',
))();
export type InformingRequest = z.infer<typeof InformingRequest>;

export const SubjectReportRequest = /* @__PURE__ */ (() => described(
  z.strictObject({ bsn: Bsn }),
  'Subject access (inzageverzoek): everything stored about a person. The BSN travels in the body, never in a URL.',
))();
export type SubjectReportRequest = z.infer<typeof SubjectReportRequest>;

export const AuditTrailQuery = /* @__PURE__ */ (() => z.strictObject({
  limit: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'a whole number'), z.gte(1, 'at least 1'), z.lte(500, 'at most 500')), 100),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
}))();
export type AuditTrailQuery = z.infer<typeof AuditTrailQuery>;
