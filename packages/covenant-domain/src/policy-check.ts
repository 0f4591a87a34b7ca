// Checks a version's Cedar policies at publication: they parse, carry @id/@article/@reason, type-check
// against the shared schema, and cite only articles and vocabulary their own covenant.json has.
import type { ErrorDetail } from '@cter/domain';
import type { DetailedError } from '@cedar-policy/cedar-wasm/web';
import { cedarEngine } from './cedar-runtime';
import { articleExists, type CovenantDocument } from './covenant-document';
import { CovenantInvalid } from './errors';
import { CEDAR } from './vocabulary';

/** One policy of a version, with what a decision needs to cite it. */
export interface CovenantPolicy {
  id: string;
  /** Article reference, e.g. `8(1)`. */
  article: string;
  reason: string;
  effect: 'permit' | 'forbid';
}

export interface CheckedPolicies {
  policies: CovenantPolicy[];
  /** Policy text by @id: the policy set handed to Cedar, so Cedar reports our ids. */
  byId: Record<string, string>;
  warnings: string[];
}

const POLICY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** The validator's own message first, then its help and where it points in the submitted text. */
function describe(error: DetailedError, text: string, base: number | undefined): string {
  const at = error.sourceLocations?.[0];
  const where = at && base !== undefined ? ` [${lineCol(text, base + at.start)}]` : '';
  return `${error.message}${error.help ? ` (${error.help})` : ''}${where}`;
}

/** Every entity literal (`Type::"id"`) in a policy's JSON form. */
function entityLiterals(node: unknown, found: Array<{ type: string; id: string }> = []): Array<{ type: string; id: string }> {
  if (Array.isArray(node)) {
    for (const item of node) entityLiterals(item, found);
  } else if (node !== null && typeof node === 'object') {
    const entity = (node as Record<string, unknown>)['__entity'];
    if (entity !== null && typeof entity === 'object') {
      const { type, id } = entity as Record<string, unknown>;
      if (typeof type === 'string' && typeof id === 'string') found.push({ type, id });
    }
    for (const value of Object.values(node)) entityLiterals(value, found);
  }
  return found;
}

export function checkPolicies(doc: CovenantDocument, text: string, schema: string): CheckedPolicies {
  const cedar = cedarEngine();
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === 'failure') {
    throw new CovenantInvalid(
      `the policies of ${doc.id} do not parse: ${parts.errors.map((e) => e.message).join('; ')}`,
      parts.errors.map((e) => ({ path: 'policies', message: describe(e, text, 0) })),
    );
  }
  const problems: ErrorDetail[] = [];
  if (parts.policy_templates.length > 0) problems.push({ path: 'policies', message: 'policy templates are not supported; a covenant states its rules in full' });
  if (parts.policies.length === 0) problems.push({ path: 'policies', message: 'a covenant version needs at least one policy' });

  const policies: CovenantPolicy[] = [];
  const byId: Record<string, string> = {};
  const offsets: Record<string, number> = {};
  const literals = new Map<string, Array<{ type: string; id: string }>>();
  parts.policies.forEach((policyText, index) => {
    const json = cedar.policyToJson(policyText);
    if (json.type === 'failure') {
      problems.push(...json.errors.map((e) => ({ path: `policies.${index}`, message: e.message })));
      return;
    }
    const annotations = json.json.annotations ?? {};
    const id = annotations['id'];
    const label = id ?? `policy #${index + 1}`;
    for (const key of ['id', 'article', 'reason'] as const) {
      if (!annotations[key]) problems.push({ path: `policies.${label}`, message: `${label} lacks the @${key}("...") annotation` });
    }
    if (id === undefined) return;
    if (!POLICY_ID.test(id)) problems.push({ path: `policies.${id}`, message: `@id "${id}" must be lower-case words joined by hyphens` });
    if (byId[id] !== undefined) problems.push({ path: `policies.${id}`, message: `@id "${id}" is used twice` });
    byId[id] = policyText;
    const found = text.indexOf(policyText);
    if (found >= 0) offsets[id] = found;
    literals.set(id, entityLiterals(json.json));
    policies.push({ id, article: annotations['article'] ?? '', reason: annotations['reason'] ?? '', effect: json.json.effect });
  });
  const refuse = (what: string) => {
    if (problems.length > 0) throw new CovenantInvalid(`the policies of ${doc.id} ${what}: ${problems.map((p) => p.message).join('; ')}`, problems);
  };
  refuse('are refused');

  const answer = cedar.validate({ validationSettings: { mode: 'strict' }, schema, policies: { staticPolicies: byId } });
  if (answer.type === 'failure') {
    throw new CovenantInvalid(
      `the Cedar validator could not check ${doc.id}: ${answer.errors.map((e) => e.message).join('; ')}`,
      answer.errors.map((e) => ({ path: 'policies', message: describe(e, text, undefined) })),
    );
  }
  if (answer.validationErrors.length > 0) {
    throw new CovenantInvalid(
      `the policies of ${doc.id} do not type-check against the covenant schema: ${answer.validationErrors.map((e) => e.error.message).join('; ')}`,
      answer.validationErrors.map((e) => ({ path: `policies.${e.policyId}`, message: describe(e.error, text, offsets[e.policyId]) })),
    );
  }
  // Cedar knows the platform vocabulary; the covenant's own lists may be narrower.
  const listed: Record<string, ReadonlySet<string>> = {
    [CEDAR.category]: new Set(doc.dataCategories.map((c) => c.id)),
    [CEDAR.purpose]: new Set(doc.purposes.map((p) => p.id)),
    [CEDAR.stage]: new Set(doc.stages.map((s) => s.id)),
    [CEDAR.organisationType]: new Set(doc.parties.map((p) => p.type)),
  };
  for (const policy of policies) {
    if (!articleExists(doc, policy.article)) problems.push({ path: `policies.${policy.id}`, message: `${policy.id} cites article ${policy.article}, which ${doc.id} does not have` });
    for (const literal of literals.get(policy.id) ?? []) {
      if (listed[literal.type]?.has(literal.id) === false) {
        problems.push({ path: `policies.${policy.id}`, message: `${policy.id} names ${literal.type}::"${literal.id}", which covenant.json of ${doc.id} does not list` });
      }
    }
  }
  refuse('do not match covenant.json');

  const warnings = [
    ...answer.validationWarnings.map((w) => `${w.policyId}: ${w.error.message}`),
    ...answer.otherWarnings.map((w) => w.message),
  ];
  return { policies, byId, warnings };
}
