// Which sharing rules change between two covenant versions, as a readable Markdown section: the
// policies by @id (added, removed, changed: effect, article, reason, and the condition lines), the
// legal bases and consent of the party table, and the article paragraphs. Generated from the
// published data, so the document never drifts from the rules (docs/covenant.md, tools/covenant-diff.ts).
import type { CovenantDocument } from './covenant-document';
import type { CovenantPolicy } from './policy-check';

export interface DiffSide {
  document: CovenantDocument;
  policyIndex: readonly CovenantPolicy[];
  /** Policy text by @id, as published. */
  policiesById: Readonly<Record<string, string>>;
}

/** The rule lines of a policy (annotations and comments left out), trimmed. */
const ruleLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('@') && !l.startsWith('//') && !/^[{}();]+$/.test(l));

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${cell(text)}\``;

function dating(doc: CovenantDocument): string {
  return doc.pendingLaw ? `pending the ${doc.pendingLaw.law} (${doc.pendingLaw.parliamentaryFile}): in force from the date configured as \`${doc.pendingLaw.setting}\`` : `in force from ${doc.effectiveFrom}`;
}

export function renderVersionDiff(from: DiffSide, to: DiffSide): string {
  const a = from.document;
  const b = to.document;
  const out: string[] = [`### ${a.id} → ${b.id}`, '', `${a.id}: ${dating(a)}. ${b.id}: ${dating(b)}.`, ''];

  const byId = (side: DiffSide) => new Map(side.policyIndex.map((p) => [p.id, p]));
  const before = byId(from);
  const after = byId(to);
  const rows: string[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const p = before.get(id);
    const q = after.get(id);
    if (!p && q) rows.push(`| ${code(id)} | ${q.effect} | ${q.article} | added: ${cell(q.reason)} |`);
    else if (p && !q) rows.push(`| ${code(id)} | ${p.effect} | ${p.article} | removed: ${cell(p.reason)} |`);
    else if (p && q) {
      const changes: string[] = [];
      if (p.effect !== q.effect) changes.push(`effect ${p.effect} → ${q.effect}`);
      if (p.article !== q.article) changes.push(`article ${p.article} → ${q.article}`);
      if (p.reason !== q.reason) changes.push(`reason now: ${cell(q.reason)}`);
      const old = ruleLines(from.policiesById[id] ?? '');
      const now = ruleLines(to.policiesById[id] ?? '');
      const added = now.filter((l) => !old.includes(l));
      const removed = old.filter((l) => !now.includes(l));
      if (added.length) changes.push(`condition adds ${added.map(code).join(' ')}`);
      if (removed.length) changes.push(`condition drops ${removed.map(code).join(' ')}`);
      if (changes.length) rows.push(`| ${code(id)} | ${q.effect} | ${q.article} | ${changes.join('; ')} |`);
    }
  }
  out.push('Sharing rules (Cedar policies):', '');
  out.push(...(rows.length ? ['| policy | effect | article | change |', '|---|---|---|---|', ...rows] : ['none changed']), '');

  // Parties with the same change share a row; a new legal basis is worded once.
  const changesByParty = new Map<string, string[]>();
  const newBases = new Map<string, { gdpr: string; law: string }>();
  for (const type of [...new Set([...a.parties.map((p) => p.type), ...b.parties.map((p) => p.type)])]) {
    const p = a.parties.find((x) => x.type === type);
    const q = b.parties.find((x) => x.type === type);
    const oldBases = p?.legalBases.map((x) => x.id) ?? [];
    for (const basis of q?.legalBases ?? []) if (!oldBases.includes(basis.id) && !a.parties.some((x) => x.legalBases.some((l) => l.id === basis.id))) newBases.set(basis.id, basis);
    const changes = !p || !q
      ? [q ? 'becomes a party' : 'is no longer a party']
      : [
          ...q.legalBases.filter((x) => !oldBases.includes(x.id)).map((x) => `legal basis ${code(x.id)} added`),
          ...oldBases.filter((x) => !q.legalBases.some((l) => l.id === x)).map((x) => `legal basis ${code(x)} removed`),
          ...(p.mayUseConsent !== q.mayUseConsent ? [`may share on consent: ${p.mayUseConsent} → ${q.mayUseConsent}`] : []),
        ];
    if (!changes.length) continue;
    const key = changes.join('; ');
    changesByParty.set(key, [...(changesByParty.get(key) ?? []), type]);
  }
  const parties = [...changesByParty].map(([change, types]) => `| ${types.join(', ')} | ${change} |`);
  const bases = [...newBases].map(([id, basis]) => `- ${code(id)}: ${basis.law}; ${basis.gdpr}`);
  out.push('Party table:', '');
  out.push(...(parties.length ? ['| parties | change |', '|---|---|', ...parties] : ['none changed']), '');
  if (bases.length) out.push('New legal bases:', '', ...bases, '');

  const paragraphs = (doc: CovenantDocument) => new Map(doc.articles.flatMap((art) => art.paragraphs.map((p) => [`${art.number}(${p.number})`, p.text] as const)));
  const pa = paragraphs(a);
  const pb = paragraphs(b);
  const order = (ref: string) => ref.split(/[()]/).filter(Boolean).map(Number);
  const articles = [...new Set([...pa.keys(), ...pb.keys()])]
    .sort((x, y) => order(x)[0]! - order(y)[0]! || order(x)[1]! - order(y)[1]!)
    .filter((ref) => pa.get(ref) !== pb.get(ref))
    .map((ref) => (pb.has(ref) ? `- ${ref}${pa.has(ref) ? '' : ' (new)'}: ${pb.get(ref)}` : `- ${ref}: removed`));
  out.push('Articles whose text changes:', '', ...(articles.length ? articles : ['none']), '');
  return out.join('\n');
}
