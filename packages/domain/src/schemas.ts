// The API contract: request and response shapes of the cases API. One source for validation,
// types and (later) the OpenAPI document. Unknown fields are refused, so an organisation id can
// never be smuggled in through a body.
import * as z from 'zod';
import { isValidBsn } from './bsn';
import { CASE_STATES } from './case-lifecycle';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const Bsn = z
  .string()
  .regex(/^\d{9}$/, { message: 'a BSN is nine digits', abort: true })
  .refine(isValidBsn, 'not a valid BSN (fails the 11-test)')
  .describe('Citizen service number (burgerservicenummer)');

export const IsoDate = z.iso.date('a date as YYYY-MM-DD');

export const Address = z.strictObject({
  street: text(200),
  houseNumber: text(20),
  postalCode: z.string().regex(/^\d{4} ?[A-Z]{2}$/, 'a Dutch postal code like 2011 AB'),
  city: text(100),
});

export const Subject = z
  .strictObject({
    name: text(200),
    bsn: Bsn,
    birthDate: IsoDate.refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'must lie between 1900-01-01 and today'),
    municipality: z.string().regex(/^[a-z0-9-]{2,60}$/, 'a municipality id such as haarlem'),
    address: Address.optional(),
  })
  .describe('The person the signal is about (betrokkene)');
export type Subject = z.infer<typeof Subject>;

export const Reporter = z
  .strictObject({
    name: text(200),
    phone: z.string().regex(/^\+?[0-9][0-9 ()-]{5,19}$/, 'a phone number of 6 to 20 digits'),
  })
  .describe('The person who reported the concern (melder)');

export const RegisterSignalRequest = z
  .strictObject({
    subject: Subject,
    reason: text(4000).describe('Why the reporter is concerned (aanleiding)'),
    reporter: Reporter,
  })
  .describe('A signal (melding) about a person; the reporting organisation is the caller.');
export type RegisterSignalRequest = z.infer<typeof RegisterSignalRequest>;

export const CaseStateEnum = z.enum(CASE_STATES);

export const CaseSummary = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  state: CaseStateEnum,
  municipality: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const RegisterSignalResponse = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  state: CaseStateEnum,
  createdAt: z.iso.datetime(),
});
export type RegisterSignalResponse = z.infer<typeof RegisterSignalResponse>;

export const ListCasesQuery = z.strictObject({
  state: CaseStateEnum.optional(),
  municipality: z.string().regex(/^[a-z0-9-]{2,60}$/, 'a municipality id such as haarlem').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

export const CaseIdPath = z.strictObject({ caseId: z.uuid('a case id is a UUID') });

export const UpdateSubjectRequest = z
  .strictObject({
    version: z.number().int().min(1).describe('The version read last; a stale version gets 409'),
    subject: z
      .strictObject({ name: text(200), birthDate: IsoDate, address: Address })
      .partial()
      .refine((s) => Object.keys(s).length > 0, 'name at least one field to correct'),
    reasoning: text(2000).describe('Why the data is corrected (rectification)'),
  })
  .describe('Correct the recorded data of the person (rectificatie).');
export type UpdateSubjectRequest = z.infer<typeof UpdateSubjectRequest>;

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    requestId: z.string().optional(),
  }),
});

export const InviteParticipantRequest = z
  .strictObject({
    version: z.number().int().min(1).describe('The version read last; a stale version gets 409'),
    organisationId: z.string().regex(/^[a-z0-9-]{2,60}$/, 'an organisation id such as ggz'),
    role: z.enum(['consultation', 'measure-owner', 'mentor', 'advisor']).describe('Why the partner takes part'),
    until: z.iso.datetime({ message: 'an ISO date-time when the invitation ends' }).describe('The invitation expires by itself at this moment'),
    reasoning: text(2000).describe('Why this partner is needed (proportionality)'),
  })
  .describe('Invite a partner organisation to a case (uitnodiging casusoverleg).');
export type InviteParticipantRequest = z.infer<typeof InviteParticipantRequest>;
