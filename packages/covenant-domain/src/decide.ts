// Decides a sharing request under one covenant version: one Cedar authorization per (recipient x
// category) pair, allowed only when every pair is, each naming the policies and articles that decided.
import type { CedarValueJson, EntityJson } from '@cedar-policy/cedar-wasm/web';
import { cedarEngine } from './cedar-runtime';
import { articleText, type CovenantDocument } from './covenant-document';
import { CovenantEvaluationFailed } from './errors';
import { compiledCovenant, type CompiledCovenant, type CovenantVersion } from './publish';
import { checkSharingRequest, type CheckedSharingRequest, type Recipient, type SharingRequest } from './sharing-request';
import { CEDAR, NON_PARTY, type DataCategory, type Stage } from './vocabulary';

export interface PolicyCitation {
  id: string;
  /** Article reference, e.g. `8(1)`. */
  article: string;
  effect: 'permit' | 'forbid';
}

export interface SharingOutcome {
  recipient: Recipient;
  category: DataCategory;
  decision: 'allow' | 'deny';
  /** The policies that decided: the permits for an allow, the forbids for a refusal; empty when nothing permitted it. */
  policies: PolicyCitation[];
  /** The articles cited; for a refusal without forbid, the covenant's default refusal article. */
  articles: string[];
  reason: string;
}

export interface SharingDecision {
  decision: 'allow' | 'deny';
  covenantVersion: string;
  /** The digest of the version, for the disclosure record. */
  covenantDigest: string;
  /** The process stage the request was decided at (a case state is mapped onto its stage). */
  stage: Stage;
  outcomes: SharingOutcome[];
  /** One line per refused pair when denied; one per pair when allowed. */
  reasons: string[];
}

export interface DecideOptions {
  /**
   * Reuse earlier answers for the same facts under the same version (default true). A decision
   * depends only on the facts passed to Cedar, so this is exact; off to measure the engine itself.
   */
  memoize?: boolean;
}

interface PairAnswer {
  decision: 'allow' | 'deny';
  policyIds: string[];
}

const MEMO_LIMIT = 20_000;
const memos = new Map<string, Map<string, PairAnswer>>();

function entity(type: string, id: string): CedarValueJson {
  return { __entity: { type, id } };
}

/** Cedar entities for one pair: the sender (with its covenant role) and the disclosure. */
function pairEntities(doc: CovenantDocument, request: CheckedSharingRequest, recipient: Recipient, category: DataCategory): EntityJson[] {
  const sender = doc.parties.find((p) => p.type === request.sender.type);
  const recipientParty = doc.parties.find((p) => p.type === recipient.type);
  const gdpr = doc.dataCategories.find((c) => c.id === category)?.gdpr ?? 'ordinary';
  const basis = request.basis;
  return [
    {
      uid: { type: CEDAR.organisation, id: request.sender.organisationId },
      attrs: {
        kind: entity(CEDAR.organisationType, request.sender.type),
        role: entity(CEDAR.partyRole, sender?.role ?? NON_PARTY),
        legalBases: sender?.legalBases.map((b) => b.id) ?? [],
        mayUseConsent: sender?.mayUseConsent ?? false,
      },
      parents: [],
    },
    {
      uid: { type: CEDAR.disclosure, id: 'disclosure' },
      attrs: {
        category: entity(CEDAR.category, category),
        special: gdpr === 'special',
        criminal: gdpr === 'criminal',
        purpose: entity(CEDAR.purpose, request.purpose),
        stage: entity(CEDAR.stage, request.stage),
        basisKind: entity(CEDAR.basisKind, basis.kind),
        basisReference: basis.kind === 'legal-basis' ? basis.reference : basis.consentId,
        consentState: entity(CEDAR.consentState, basis.kind === 'consent' ? basis.state : 'not-applicable'),
        recipientType: entity(CEDAR.organisationType, recipient.type),
        recipientRole: entity(CEDAR.partyRole, recipientParty?.role ?? NON_PARTY),
        recipientInvited: recipient.invited,
      },
      parents: [],
    },
  ];
}

function authorize(compiled: CompiledCovenant, entities: EntityJson[]): PairAnswer {
  const [principal, resource] = entities;
  if (!principal || !resource) throw new Error('a pair needs a principal and a resource');
  const answer = cedarEngine().statefulIsAuthorized({
    principal: principal.uid,
    action: { type: CEDAR.action, id: CEDAR.shareAction },
    resource: resource.uid,
    context: {},
    entities,
    preparsedPolicySetId: compiled.policySetId,
    preparsedSchemaName: compiled.schemaName,
    validateRequest: true,
  });
  if (answer.type === 'failure') {
    throw new CovenantEvaluationFailed(`Cedar refused the request: ${answer.errors.map((e) => e.message).join('; ')}`);
  }
  // A policy that errors is skipped by Cedar, which can turn a forbid into an allow or a permit
  // into a silent deny; a published version never should, so treat it as a fault.
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length > 0) {
    throw new CovenantEvaluationFailed(
      `covenant policies failed to evaluate: ${diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`).join('; ')}`,
    );
  }
  return { decision, policyIds: [...diagnostics.reason].sort() };
}

function memoKey(request: CheckedSharingRequest, recipient: Recipient, category: DataCategory): string {
  // Everything pairEntities hands to Cedar, nothing else: then a memoised answer is exact.
  const b = request.basis;
  const basis = b.kind === 'legal-basis' ? `L:${b.reference}` : `C:${b.state}:${b.consentId}`;
  return [request.sender.organisationId, request.sender.type, recipient.type, recipient.invited ? 1 : 0, category, request.purpose, request.stage, basis].join('|');
}

function outcomeOf(compiled: CompiledCovenant, request: CheckedSharingRequest, recipient: Recipient, category: DataCategory, answer: PairAnswer): SharingOutcome {
  const facts = `${category} from ${request.sender.type} to ${recipient.type} for ${request.purpose} at stage ${request.stage}`;
  const id = compiled.document.id;
  const policies = answer.policyIds.map((policyId) => {
    const policy = compiled.policyById.get(policyId);
    if (!policy) throw new CovenantEvaluationFailed(`Cedar cited policy ${policyId}, which ${id} does not have`);
    return policy;
  });
  const citations = policies.map((p) => ({ id: p.id, article: p.article, effect: p.effect }));
  if (answer.decision === 'allow') {
    const why = policies.map((p) => `art. ${p.article} (${p.id}): ${p.reason}`).join('; ');
    return { recipient, category, decision: 'allow', policies: citations, articles: unique(policies.map((p) => p.article)), reason: `allowed under ${id}, ${why} [${facts}]` };
  }
  if (policies.length > 0) {
    const why = policies.map((p) => `art. ${p.article} (${p.id}): ${p.reason}`).join('; ');
    return { recipient, category, decision: 'deny', policies: citations, articles: unique(policies.map((p) => p.article)), reason: `refused under ${id}, ${why} [${facts}]` };
  }
  const article = compiled.document.defaultRefusalArticle;
  const quoted = articleText(compiled.document, article);
  return {
    recipient,
    category,
    decision: 'deny',
    policies: [],
    articles: [article],
    reason: `refused under ${id}, art. ${article}: no article of ${id} permits sharing ${facts}${quoted ? ` ("${quoted}")` : ''}`,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Decides whether `request` may be shared under `covenant`. Throws SharingRequestInvalid for
 * names the version does not know and CovenantEvaluationFailed if Cedar cannot evaluate a policy.
 */
export function decideSharing(covenant: CovenantVersion, request: SharingRequest, options: DecideOptions = {}): SharingDecision {
  const compiled = compiledCovenant(covenant);
  const checked = checkSharingRequest(compiled.document, request);
  const memoize = options.memoize ?? true;
  let memo = memos.get(covenant.digest);
  if (!memo) memos.set(covenant.digest, (memo = new Map()));

  const outcomes: SharingOutcome[] = [];
  for (const recipient of checked.recipients) {
    for (const category of checked.categories) {
      const key = memoKey(checked, recipient, category);
      let answer = memoize ? memo.get(key) : undefined;
      if (!answer) {
        answer = authorize(compiled, pairEntities(compiled.document, checked, recipient, category));
        // The space of facts is small and finite; the limit only guards against a leak by misuse.
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(key, answer);
      }
      outcomes.push(outcomeOf(compiled, checked, recipient, category, answer));
    }
  }
  const decision = outcomes.every((o) => o.decision === 'allow') ? 'allow' : 'deny';
  const reasons = outcomes
    .filter((o) => o.decision === decision)
    .map((o) => `${o.recipient.organisationId} (${o.recipient.type}), ${o.category}: ${o.reason}`);
  return { decision, covenantVersion: compiled.document.id, covenantDigest: covenant.digest, stage: checked.stage, outcomes, reasons };
}
