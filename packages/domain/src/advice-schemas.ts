// The API contract of anonymous advice requests (adviesvraag): a professional asks the region's
// specialist R&E about a worry without naming the person. No personal data of the person before a
// conversion into a signal: a BSN-shaped number is refused; free text cannot be screened further.
import * as z from 'zod/mini';
import { withoutBsn } from './bsn';
import { ADVICE_MESSAGE_KINDS, ADVICE_STATUSES } from './vocabulary';
import { CaseStateEnum, Reporter, Subject } from './schemas';

const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;
const NO_BSN = 'must not contain a BSN or other identifier of the person: an advice request is anonymous until it is converted into a signal';
const anonymousText = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `at most ${max} characters`), z.refine(withoutBsn, NO_BSN));
const Instant = /* @__PURE__ */ (() => z.iso.datetime())();

export const AdviceStatus = /* @__PURE__ */ (() => described(
  z.enum(ADVICE_STATUSES),
  'open: waits for the specialist (new, or the asker replied); asked-back: the specialist asked a question; answered: the specialist answered; converted: it became a signal',
))();
export type AdviceStatus = z.infer<typeof AdviceStatus>;


export const CreateAdviceRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    concern: described(anonymousText(4000), 'The worry, without naming the person (zorg); no BSN, name or address'),
    contact: described(Reporter, 'How the specialist reaches the asking professional'),
  }),
  'An anonymous advice request (adviesvraag) to the specialist R&E; the asking organisation is the caller, the id the server mints.',
))();
export type CreateAdviceRequest = z.infer<typeof CreateAdviceRequest>;

export const AdviceMessageRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    kind: described(z.enum(ADVICE_MESSAGE_KINDS), 'answer or question (ask back): the specialist R&E; reply: the asker'),
    text: described(anonymousText(2000), 'The message, without naming the person'),
  }),
  'A message in the thread of an advice request.',
))();
export type AdviceMessageRequest = z.infer<typeof AdviceMessageRequest>;

export const AdviceConversionRequest = /* @__PURE__ */ (() => described(
  z.strictObject({
    subject: Subject,
    reason: described(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(4000, 'at most 4000 characters')), 'Why the concern becomes a signal (aanleiding)'),
  }),
  "Convert the advice request into a signal now that the asker names the person; the reporter is the request's contact.",
))();
export type AdviceConversionRequest = z.infer<typeof AdviceConversionRequest>;

export const AdviceRequestIdPath = /* @__PURE__ */ (() => z.strictObject({ adviceRequestId: z.uuid('an advice request id is a UUID') }))();

export const ListAdviceRequestsQuery = /* @__PURE__ */ (() => z.strictObject({
  status: z.optional(AdviceStatus),
  limit: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'a whole number'), z.gte(1, 'at least 1'), z.lte(100, 'at most 100')), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
}))();
export type ListAdviceRequestsQuery = z.infer<typeof ListAdviceRequestsQuery>;

// --- responses -------------------------------------------------------------------------------------

export const AdviceMessage = /* @__PURE__ */ (() => z.object({
  messageId: z.uuid(),
  kind: z.enum(ADVICE_MESSAGE_KINDS),
  from: described(z.string(), 'The organisation that wrote it'),
  at: Instant,
  text: z.string(),
}))();

export const AdviceRequestSummary = /* @__PURE__ */ (() => z.object({
  adviceRequestId: z.uuid(),
  askedBy: described(z.string(), 'The asking organisation'),
  status: AdviceStatus,
  createdAt: Instant,
  updatedAt: Instant,
  caseId: z.optional(z.uuid()),
}))();

export const AdviceRequestCreated = /* @__PURE__ */ (() => z.object({ adviceRequestId: z.uuid(), status: AdviceStatus, createdAt: Instant }))();

export const AdviceRequestPage = /* @__PURE__ */ (() => described(
  z.object({
    items: z.array(AdviceRequestSummary),
    nextCursor: z.optional(described(z.string(), 'Pass as `cursor` to read the next page; absent on the last page')),
  }),
  "One page of advice requests, newest first: the caller organisation's own, or the region's for the specialist R&E. No text.",
))();

export const AdviceRequestView = /* @__PURE__ */ (() => described(
  z.object({
    adviceRequestId: z.uuid(),
    regionId: z.string(),
    askedBy: z.string(),
    status: AdviceStatus,
    concern: z.string(),
    contact: z.object({ name: z.string(), phone: z.string() }),
    messages: z.array(AdviceMessage),
    createdAt: Instant,
    updatedAt: Instant,
    lastMessageAt: Instant,
    firstAnsweredAt: z.optional(described(Instant, "The specialist's first message (answer or question back)")),
    convertedAt: z.optional(Instant),
    convertedBy: z.optional(z.string()),
    caseId: z.optional(described(z.uuid(), 'The case the conversion opened')),
    deleteAfter: described(Instant, 'The retention run destroys the request from this moment (covenant retention periods)'),
    version: z.number(),
  }),
  'An advice request with its thread.',
))();

export const AdviceMessageAdded = /* @__PURE__ */ (() => z.object({ adviceRequestId: z.uuid(), messageId: z.uuid(), status: AdviceStatus, at: Instant }))();

export const AdviceConverted = /* @__PURE__ */ (() => z.object({
  adviceRequestId: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  state: CaseStateEnum,
  createdAt: Instant,
}))();
