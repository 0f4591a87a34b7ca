// The shape of a covenant version's covenant.json, checked with zod when a version is published:
// parties, purposes, data categories, stages, legal bases, definitions and numbered articles.
import * as z from 'zod';
import { CASE_STATES } from '@cter/domain';
import { DATA_CATEGORIES, GDPR_CLASSES, ORGANISATION_TYPES, PARTY_ROLES, PURPOSES, STAGES } from './vocabulary';

const slug = /* @__PURE__ */ (() => z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'))();
const text = /* @__PURE__ */ (() => z.string().trim().min(1))();
/** Article reference as policies cite it: "8" (the article) or "8(1)" (article 8, paragraph 1). */
export const ARTICLE_REFERENCE = /^(\d+[a-z]?)(?:\((\d+)\))?$/;

const isoDate = /* @__PURE__ */ (() => z.iso.date())();

export const LegalBasis = /* @__PURE__ */ (() => z.object({
  /** What a disclosure cites as `basis.reference`, e.g. `wpg-20`. */
  id: slug,
  /** The GDPR (or Wpg) ground, e.g. `art. 6(1)(e) GDPR`. */
  gdpr: text,
  /** The national act that gives the task, e.g. `Wet politiegegevens art. 20`. */
  law: text,
  summary: text,
}))();

export const Party = /* @__PURE__ */ (() => z.object({
  type: z.enum(ORGANISATION_TYPES),
  role: z.enum(PARTY_ROLES),
  nameNl: text,
  description: text,
  legalBases: z.array(LegalBasis),
  /** Whether the party may share on the person's consent (care partners with professional secrecy). */
  mayUseConsent: z.boolean(),
}))();

export const Purpose = /* @__PURE__ */ (() => z.object({ id: z.enum(PURPOSES), name: text, nameNl: text, description: text }))();

export const DataCategory = /* @__PURE__ */ (() => z.object({
  id: z.enum(DATA_CATEGORIES),
  name: text,
  nameNl: text,
  /** `special`: art. 9 GDPR; `criminal`: art. 10 GDPR. */
  gdpr: z.enum(GDPR_CLASSES),
  description: text,
}))();

export const StageDefinition = /* @__PURE__ */ (() => z.object({
  id: z.enum(STAGES),
  name: text,
  nameNl: text,
  /** The case states (packages/domain case-lifecycle) that belong to this stage. */
  caseStates: z.array(z.enum(CASE_STATES)).min(1),
  description: text,
}))();

export const Definition = /* @__PURE__ */ (() => z.object({ term: text, termNl: text, definition: text }))();

export const Article = /* @__PURE__ */ (() => z.object({
  number: z.string().regex(/^\d+[a-z]?$/, 'an article number such as 8 or 8a'),
  title: text,
  titleNl: text,
  paragraphs: z.array(z.object({ number: z.number().int().positive(), text })).min(1),
}))();

const months = /* @__PURE__ */ (() => z.number().int().min(1).max(240))();

/** Retention periods (bewaartermijnen), counted from the fixed moments of article 16. */
export const RetentionRules = /* @__PURE__ */ (() => z.object({
  /** The article that sets the periods, e.g. `16(3)`. */
  article: z.string().regex(ARTICLE_REFERENCE),
  /** After a signal is not taken up: no action, referral, or no admission by the authority triangle. */
  signalNotTakenUpMonths: months,
  /** After the case is closed. */
  caseClosedMonths: months,
  /** After a warm transfer, for what the sending region kept. */
  transferredMonths: months,
  /**
   * An anonymous advice request (adviesvraag), counted from its last message, or from its conversion
   * into a signal (the case keeps the thread from then on, under the case's own periods).
   */
  adviceRequestMonths: months,
}))();
export type RetentionRules = z.infer<typeof RetentionRules>;

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

export const CovenantDocument = /* @__PURE__ */ (() => z
  .object({
    id: slug,
    title: text,
    titleNl: text,
    /** First day (Europe/Amsterdam) on which disclosures fall under this version; absent for a version pending a law. */
    effectiveFrom: isoDate.optional(),
    /**
     * The law this version relies on, not in force yet: the version takes effect on the date configured
     * under `setting` (domain/law-dates.ts) and is pending while none is.
     */
    pendingLaw: z.object({ setting: z.string().regex(/^[a-z][A-Za-z]+$/, 'a configuration name such as pgaEffectiveDate'), law: text, parliamentaryFile: text, note: text }).optional(),
    supersedes: slug.optional(),
    /** True while the text is a reconstruction, not the signed covenant. */
    illustrative: z.boolean().default(false),
    parties: z.array(Party).min(1),
    purposes: z.array(Purpose).min(1),
    dataCategories: z.array(DataCategory).min(1),
    stages: z.array(StageDefinition).min(1),
    definitions: z.array(Definition),
    articles: z.array(Article).min(1),
    /** The article a refusal cites when no policy permits the disclosure. */
    defaultRefusalArticle: z.string().regex(ARTICLE_REFERENCE),
    /** How long personal data is kept after a case ends; the retention function destroys it then. */
    retention: RetentionRules,
    /** What changed against the superseded version, by article. */
    changes: z.array(z.object({ article: z.string().regex(ARTICLE_REFERENCE), summary: text })).default([]),
  })
  .superRefine((doc, ctx) => {
    const unique = (path: string, values: readonly string[]) => {
      for (const d of duplicates(values)) ctx.addIssue({ code: 'custom', path: [path], message: `${d} is listed twice` });
    };
    unique('parties', doc.parties.map((p) => p.type));
    unique('purposes', doc.purposes.map((p) => p.id));
    unique('dataCategories', doc.dataCategories.map((c) => c.id));
    unique('stages', doc.stages.map((s) => s.id));
    unique('articles', doc.articles.map((a) => a.number));
    unique('stages.caseStates', doc.stages.flatMap((s) => s.caseStates));
    doc.parties.forEach((p, i) => {
      unique(`parties.${i}.legalBases`, p.legalBases.map((b) => b.id));
      if (p.legalBases.length === 0 && !p.mayUseConsent) {
        ctx.addIssue({ code: 'custom', path: ['parties', i], message: `${p.type} has neither a legal basis nor consent to share on` });
      }
    });
    doc.articles.forEach((a, i) =>
      a.paragraphs.forEach((p, j) => {
        if (p.number !== j + 1) ctx.addIssue({ code: 'custom', path: ['articles', i, 'paragraphs', j], message: `paragraph ${p.number} should be ${j + 1}` });
      }),
    );
    if ((doc.effectiveFrom === undefined) === (doc.pendingLaw === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['effectiveFrom'], message: 'a version has either an effective date or the pending law whose date it takes' });
    }
    if (doc.supersedes === doc.id) ctx.addIssue({ code: 'custom', path: ['supersedes'], message: 'a version cannot supersede itself' });
    const refs: Array<[string, string]> = [['defaultRefusalArticle', doc.defaultRefusalArticle], ['retention.article', doc.retention.article], ...doc.changes.map((c, i): [string, string] => [`changes.${i}.article`, c.article])];
    for (const [path, ref] of refs) {
      if (!articleExists(doc, ref)) ctx.addIssue({ code: 'custom', path: path.split('.'), message: `article ${ref} does not exist in ${doc.id}` });
    }
  }))();
export type CovenantDocument = z.infer<typeof CovenantDocument>;

/** Whether `ref` ("8" or "8(1)") names an article (and paragraph) of the document. */
export function articleExists(doc: Pick<CovenantDocument, 'articles'>, ref: string): boolean {
  const m = ARTICLE_REFERENCE.exec(ref);
  if (!m) return false;
  const article = doc.articles.find((a) => a.number === m[1]);
  if (!article) return false;
  return m[2] === undefined || article.paragraphs.some((p) => p.number === Number(m[2]));
}

/** The text of an article reference, for refusals that quote the covenant. */
export function articleText(doc: Pick<CovenantDocument, 'articles'>, ref: string): string | undefined {
  const m = ARTICLE_REFERENCE.exec(ref);
  const article = m ? doc.articles.find((a) => a.number === m[1]) : undefined;
  if (!m || !article) return undefined;
  if (m[2] === undefined) return article.paragraphs.map((p) => p.text).join(' ');
  return article.paragraphs.find((p) => p.number === Number(m[2]))?.text;
}
