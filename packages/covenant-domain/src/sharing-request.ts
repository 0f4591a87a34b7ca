// A request to share (who, what, to whom, why, when, on what basis), checked with zod and against the
// version's vocabulary: an unknown purpose, category, stage or type is an error, never a silent deny.
import * as z from 'zod';
import { validationMessage, zodDetails, type ErrorDetail } from '@cter/domain';
import type { CovenantDocument } from './covenant-document';
import { SharingRequestInvalid } from './errors';
import { CONSENT_STATES, ORGANISATION_TYPES, type DataCategory, type OrganisationType, type Purpose, type Stage } from './vocabulary';

const id = /* @__PURE__ */ (() => z.string().trim().min(1))();

export const SharingRequest = /* @__PURE__ */ (() => z.object({
  sender: z.object({ organisationId: id, type: z.string() }),
  recipients: z.array(z.object({ organisationId: id, type: z.string(), invited: z.boolean() })).min(1),
  categories: z.array(z.string()).min(1),
  purpose: z.string(),
  /** A covenant stage (`weighing`) or a case state (`more-information`) that a stage covers. */
  stage: z.string(),
  basis: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('legal-basis'), reference: id }),
    z.object({ kind: z.literal('consent'), consentId: id, state: z.enum(CONSENT_STATES) }),
  ]),
}))();
export type SharingRequest = z.input<typeof SharingRequest>;

export interface Recipient {
  organisationId: string;
  type: OrganisationType;
  invited: boolean;
}

/** A request whose every name the covenant version knows. */
export interface CheckedSharingRequest {
  sender: { organisationId: string; type: OrganisationType };
  recipients: Recipient[];
  categories: DataCategory[];
  purpose: Purpose;
  stage: Stage;
  basis: z.output<typeof SharingRequest>['basis'];
}

const organisationTypes: ReadonlySet<string> = new Set(ORGANISATION_TYPES);

function isOrganisationType(type: string): type is OrganisationType {
  return organisationTypes.has(type);
}

export function checkSharingRequest(doc: CovenantDocument, input: unknown): CheckedSharingRequest {
  const shape = SharingRequest.safeParse(input, { error: validationMessage });
  if (!shape.success) {
    throw new SharingRequestInvalid(zodDetails(shape.error));
  }
  const request = shape.data;
  const problems: ErrorDetail[] = [];
  const unknown = (path: string, what: string, value: string, known: readonly string[]) =>
    problems.push({ path, message: `unknown ${what} "${value}"; ${doc.id} lists ${known.join(', ')}` });

  const checkType = (path: string, type: string): OrganisationType | undefined => {
    if (isOrganisationType(type)) return type;
    unknown(path, 'organisation type', type, ORGANISATION_TYPES);
    return undefined;
  };
  const senderType = checkType('sender.type', request.sender.type);
  const recipients: Recipient[] = [];
  request.recipients.forEach((r, i) => {
    const type = checkType(`recipients.${i}.type`, r.type);
    if (r.organisationId === request.sender.organisationId) problems.push({ path: `recipients.${i}`, message: 'the sender cannot be its own recipient' });
    if (request.recipients.findIndex((o) => o.organisationId === r.organisationId) !== i) problems.push({ path: `recipients.${i}`, message: `recipient ${r.organisationId} is listed twice` });
    if (type) recipients.push({ organisationId: r.organisationId, type, invited: r.invited });
  });

  const categoryIds = doc.dataCategories.map((c) => c.id);
  const categories: DataCategory[] = [];
  request.categories.forEach((c, i) => {
    const known = categoryIds.find((k) => k === c);
    if (!known) unknown(`categories.${i}`, 'data category', c, categoryIds);
    else if (categories.includes(known)) problems.push({ path: `categories.${i}`, message: `data category ${c} is listed twice` });
    else categories.push(known);
  });

  const purposeIds = doc.purposes.map((p) => p.id);
  const purpose = purposeIds.find((p) => p === request.purpose);
  if (!purpose) unknown('purpose', 'purpose', request.purpose, purposeIds);

  const stage = doc.stages.find((s) => s.id === request.stage || s.caseStates.some((c) => c === request.stage))?.id;
  if (!stage) {
    problems.push({
      path: 'stage',
      message: `"${request.stage}" is neither a process stage of ${doc.id} (${doc.stages.map((s) => s.id).join(', ')}) nor a case state in which the covenant allows sharing`,
    });
  }
  if (problems.length > 0 || !senderType || !purpose || !stage) throw new SharingRequestInvalid(problems);
  return { sender: { organisationId: request.sender.organisationId, type: senderType }, recipients, categories, purpose, stage, basis: request.basis };
}
