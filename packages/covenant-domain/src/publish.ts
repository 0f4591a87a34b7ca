// Publishing a covenant version: covenant.json checked with zod, the policies with the Cedar
// validator against the shared schema; only a published version can decide.
import { createHash } from 'node:crypto';
import { zodDetails } from '@cter/domain';
import { CEDAR_SCHEMA } from '../covenants/shipped.generated';
import { cedarEngine } from './cedar-runtime';
import { CovenantDocument } from './covenant-document';
import { CovenantInvalid } from './errors';
import { checkPolicies, type CovenantPolicy } from './policy-check';

/** A published, validated covenant version: the unit decisions are made under. */
export interface CovenantVersion {
  /** e.g. `cter-2023`. */
  readonly id: string;
  readonly title: string;
  /**
   * ISO date; the version governs disclosures from 00:00 Europe/Amsterdam on that day. Absent for a
   * version pending a law (`pendingLaw`): allCovenants() dates it from configuration, or leaves it out.
   */
  readonly effectiveFrom?: string;
  readonly pendingLaw?: CovenantDocument['pendingLaw'];
  readonly document: CovenantDocument;
  /** The Cedar policies as published. */
  readonly policies: string;
  /** Every policy with the article and reason it cites. */
  readonly policyIndex: readonly CovenantPolicy[];
  /** sha256 over document, policies and schema: what a disclosure record can point to. */
  readonly digest: string;
}

export interface PublishedCovenant extends CovenantVersion {
  readonly validation: {
    readonly cedarVersion: string;
    readonly policyCount: number;
    /** Validator warnings (not errors); a version with warnings is still published. */
    readonly warnings: readonly string[];
  };
}

/** What publication produces besides the version: the policy set keyed by @id, for Cedar. */
export interface PublicationRecord {
  readonly digest: string;
  readonly policyIndex: readonly CovenantPolicy[];
  readonly policiesById: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
  readonly cedarVersion: string;
}

/** Engine state of a version, built once on its first decision and reused: the preparsed policy set and the policy lookup. */
export interface CompiledCovenant {
  /** The document as published (not the caller's copy, which could have been altered since). */
  readonly document: CovenantDocument;
  readonly policySetId: string;
  readonly schemaName: string;
  readonly policyById: ReadonlyMap<string, CovenantPolicy>;
}

const compiled = new Map<string, CompiledCovenant>();
const pending = new Map<string, { document: CovenantDocument; record: PublicationRecord; schema: string }>();
const preparsedSchemas = new Map<string, string>();

function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  parts.forEach((part, i) => hash.update(i === 0 ? part : `\0${part}`));
  return hash.digest('hex');
}

function parseDocument(covenant: unknown): CovenantDocument {
  const parsed = CovenantDocument.safeParse(covenant);
  if (parsed.success) return parsed.data;
  const details = zodDetails(parsed.error);
  throw new CovenantInvalid(`covenant.json is invalid: ${details.map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`, details);
}

function digestOf(document: CovenantDocument, policies: string, schema: string): string {
  return sha256(JSON.stringify(document), policies, schema);
}

function preparsedSchema(schema: string): string {
  const digest = sha256(schema);
  let name = preparsedSchemas.get(digest);
  if (!name) {
    name = `cter-schema-${digest.slice(0, 16)}`;
    const answer = cedarEngine().preparseSchema(name, schema);
    if (answer.type === 'failure') throw new CovenantInvalid('the Cedar schema does not parse', answer.errors.map((e) => ({ path: 'schema', message: e.message })));
    preparsedSchemas.set(digest, name);
  }
  return name;
}

/**
 * Registers a version for decisions; the Cedar policy set is preparsed on its first decision,
 * so loading every version (to find the one in force) costs no engine time.
 */
function register(document: CovenantDocument, record: PublicationRecord, schema: string): void {
  if (!compiled.has(record.digest)) pending.set(record.digest, { document, record, schema });
}

function compile(digest: string): CompiledCovenant | undefined {
  const known = compiled.get(digest);
  if (known) return known;
  const waiting = pending.get(digest);
  if (!waiting) return undefined;
  const { document, record, schema } = waiting;
  const policySetId = `${document.id}-${digest.slice(0, 16)}`;
  const answer = cedarEngine().preparsePolicySet(policySetId, { staticPolicies: { ...record.policiesById } });
  if (answer.type === 'failure') {
    throw new CovenantInvalid(`the policies of ${document.id} could not be loaded`, answer.errors.map((e) => ({ path: 'policies', message: e.message })));
  }
  const built: CompiledCovenant = { document, policySetId, schemaName: preparsedSchema(schema), policyById: new Map(record.policyIndex.map((p) => [p.id, p])) };
  compiled.set(digest, built);
  pending.delete(digest);
  return built;
}

function versionOf(document: CovenantDocument, policies: string, record: PublicationRecord): PublishedCovenant {
  return {
    id: document.id,
    title: document.title,
    ...(document.effectiveFrom ? { effectiveFrom: document.effectiveFrom } : {}),
    ...(document.pendingLaw ? { pendingLaw: document.pendingLaw } : {}),
    document,
    policies,
    policyIndex: record.policyIndex,
    digest: record.digest,
    validation: { cedarVersion: record.cedarVersion, policyCount: record.policyIndex.length, warnings: record.warnings },
  };
}

/** Full publication against a given schema; the covenants generator passes the schema file it reads. */
export function publishWithSchema(candidate: { covenant: unknown; policies: string }, schema: string): { version: PublishedCovenant; record: PublicationRecord } {
  const document = parseDocument(candidate.covenant);
  if (typeof candidate.policies !== 'string' || candidate.policies.trim() === '') {
    throw new CovenantInvalid(`${document.id} has no policies`, [{ path: 'policies', message: 'a covenant version needs its Cedar policies' }]);
  }
  const checked = checkPolicies(document, candidate.policies, schema);
  const record: PublicationRecord = {
    digest: digestOf(document, candidate.policies, schema),
    policyIndex: checked.policies,
    policiesById: checked.byId,
    warnings: checked.warnings,
    cedarVersion: cedarEngine().getCedarVersion(),
  };
  register(document, record, schema);
  return { version: versionOf(document, candidate.policies, record), record };
}

/**
 * Validates a candidate version and makes it available for decisions. Throws CovenantInvalid
 * with the zod issues or the Cedar parser's / validator's messages in `details`.
 */
export function publishCovenant(candidate: { covenant: unknown; policies: string }): PublishedCovenant {
  return publishWithSchema(candidate, CEDAR_SCHEMA).version;
}

/**
 * Restores a version published earlier (the shipped ones, validated when the covenants module
 * was generated) without validating its policies again: that costs Cedar ~0.5 s of cold wasm
 * per version. Only when the digest matches; otherwise the version is published in full.
 */
export function restorePublished(candidate: { covenant: unknown; policies: string }, record: PublicationRecord): PublishedCovenant {
  const document = parseDocument(candidate.covenant);
  if (digestOf(document, candidate.policies, CEDAR_SCHEMA) !== record.digest) return publishCovenant(candidate);
  register(document, record, CEDAR_SCHEMA);
  return versionOf(document, candidate.policies, record);
}

/** The engine state of a version; republishes (and so re-validates) a version seen for the first time. */
export function compiledCovenant(covenant: CovenantVersion): CompiledCovenant {
  const known = compile(covenant.digest);
  if (known) return known;
  const republished = publishCovenant({ covenant: covenant.document, policies: covenant.policies });
  const built = republished.digest === covenant.digest ? compile(republished.digest) : undefined;
  if (!built) {
    throw new CovenantInvalid(`covenant ${covenant.id} does not match its digest`, [{ path: 'digest', message: 'the version was altered after publication' }]);
  }
  return built;
}
