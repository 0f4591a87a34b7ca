// Ids and references shared by the measures domain: who acts, which organisation owns what.
// The acting organisation comes from the verified caller, never from a request body.
import * as z from 'zod/mini';
import { REGION_IDS } from '@cter/config';
import { OrganisationType } from '../catalogue/organisation-type';
import { ENTITY_ID_PATTERN } from './entity-id';

/** Ids minted by the caller (handler or workflow), so domain functions stay deterministic. */
export const EntityId = /* @__PURE__ */ (() => z.string().check(z.regex(ENTITY_ID_PATTERN, 'an id of letters, digits, - and _ (at most 64)')))();
export const CaseId = /* @__PURE__ */ (() => z.uuid('a case id is a UUID'))();
export const OrganisationId = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z0-9-]{2,60}$/, 'an organisation id such as ggz')))();
export const RegionId = /* @__PURE__ */ (() => z.enum(REGION_IDS).check(z.describe('Region: one care and safety house (Zorg- en Veiligheidshuis)')))();
export const IsoDate = /* @__PURE__ */ (() => z.iso.date('a date as YYYY-MM-DD'))();
export const IsoDateTime = /* @__PURE__ */ (() => z.iso.datetime({ message: 'an ISO date-time such as 2026-03-01T09:00:00Z' }))();

export const OrganisationRef = /* @__PURE__ */ (() => z.strictObject({ organisationId: OrganisationId, organisationType: OrganisationType }))();
export type OrganisationRef = z.infer<typeof OrganisationRef>;

/** The organisation on whose behalf a call is made, as resolved from the signed request. */
export const Actor = /* @__PURE__ */ (() => z.strictObject({ organisationId: OrganisationId }))();
export type Actor = z.infer<typeof Actor>;
