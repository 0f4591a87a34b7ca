// `npx tsx scripts/diff-assemblies.ts <before>/cdk.out <after>/cdk.out`: compares two cloud assemblies
// stack by stack: every IAM policy statement (split per action and resource, per role), every API
// method, model and stage setting, every function's environment, and the set of resources.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

type Json = any;
function templates(dir: string): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const assembly of readdirSync(dir).filter((d) => d.startsWith('assembly-'))) {
    for (const f of readdirSync(path.join(dir, assembly)).filter((f) => f.endsWith('.template.json'))) out.set(`${assembly}/${f}`, JSON.parse(readFileSync(path.join(dir, assembly, f), 'utf8')));
  }
  return out;
}
const canon = (v: Json): Json => (Array.isArray(v) ? v.map(canon).map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x)) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v);
/** Each statement split into one per action x resource, so merges and orderings do not count. */
function atoms(statement: Json): string[] {
  const list = (x: Json) => (x === undefined ? [undefined] : Array.isArray(x) ? x : [x]);
  const out: string[] = [];
  for (const a of list(statement.Action)) for (const r of list(statement.Resource)) out.push(JSON.stringify(canon({ ...statement, Sid: undefined, Action: a, Resource: r })));
  return out;
}
function roleOf(t: Json, ref: Json): string {
  return typeof ref === 'object' && ref.Ref ? ref.Ref : JSON.stringify(ref);
}
function policies(t: Json): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (owner: string, doc: Json) => {
    const set = out.get(owner) ?? new Set<string>();
    for (const s of doc.Statement ?? []) for (const a of atoms(s)) set.add(a);
    out.set(owner, set);
  };
  for (const [id, r] of Object.entries<Json>(t.Resources)) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') for (const role of r.Properties.Roles ?? [{ policy: id }]) add(`role ${roleOf(t, role)}`, r.Properties.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role') {
      for (const p of r.Properties.Policies ?? []) add(`role ${id} inline ${p.PolicyName}`, p.PolicyDocument);
      add(`role ${id} trust`, r.Properties.AssumeRolePolicyDocument);
      out.set(`role ${id} boundary`, new Set([JSON.stringify(r.Properties.PermissionsBoundary ?? null)]));
      out.set(`role ${id} managed`, new Set((r.Properties.ManagedPolicyArns ?? []).map((x: Json) => JSON.stringify(x))));
    }
    if (r.Type === 'AWS::Lambda::Permission') out.set(`permission ${id}`, new Set([JSON.stringify(canon(r.Properties))]));
    if (r.Type === 'AWS::KMS::Key') add(`key ${id}`, r.Properties.KeyPolicy);
    if (r.Type === 'AWS::DynamoDB::Table' && r.Properties.ResourcePolicy) add(`table ${id}`, r.Properties.ResourcePolicy.PolicyDocument);
  }
  return out;
}
function methods(t: Json): Map<string, string> {
  const R = t.Resources;
  const pathOf = (id: string): string => {
    const r = R[id];
    if (!r || r.Type !== 'AWS::ApiGateway::Resource') return '';
    const parent = r.Properties.ParentId;
    return `${parent.Ref ? pathOf(parent.Ref) : ''}/${r.Properties.PathPart}`;
  };
  const out = new Map<string, string>();
  for (const [id, r] of Object.entries<Json>(R)) {
    if (r.Type !== 'AWS::ApiGateway::Method') continue;
    const p = r.Properties;
    const key = `${p.HttpMethod} ${pathOf(p.ResourceId.Ref) || '/'}`;
    out.set(key, JSON.stringify(canon({ id, auth: p.AuthorizationType, integration: p.Integration?.Uri, models: p.RequestModels, validator: p.RequestValidatorId })));
  }
  for (const [id, r] of Object.entries<Json>(R)) if (r.Type === 'AWS::ApiGateway::Model') out.set(`model ${id}`, JSON.stringify(canon(r.Properties)));
  for (const [id, r] of Object.entries<Json>(R)) if (r.Type === 'AWS::ApiGateway::Stage') out.set(`stage ${id}`, JSON.stringify(canon(r.Properties.MethodSettings)));
  for (const [id, r] of Object.entries<Json>(R)) if (r.Type === 'AWS::Lambda::Function') out.set(`function ${id}`, JSON.stringify(canon({ env: r.Properties.Environment, mem: r.Properties.MemorySize, desc: r.Properties.Description, role: r.Properties.Role, timeout: r.Properties.Timeout })));
  return out;
}
const [before, after] = process.argv.slice(2);
const a = templates(before!), b = templates(after!);
let differences = 0;
const report = (what: string) => { differences++; console.log(what); };
for (const name of new Set([...a.keys(), ...b.keys()])) {
  const ta = a.get(name), tb = b.get(name);
  if (!ta || !tb) { report(`${name}: only in ${ta ? 'before' : 'after'}`); continue; }
  const pa = policies(ta), pb = policies(tb);
  let statements = 0;
  for (const owner of new Set([...pa.keys(), ...pb.keys()])) {
    const x = pa.get(owner) ?? new Set(), y = pb.get(owner) ?? new Set();
    statements += x.size;
    for (const s of x) if (!y.has(s)) report(`${name} ${owner}: removed ${s}`);
    for (const s of y) if (!x.has(s)) report(`${name} ${owner}: added ${s}`);
  }
  const ma = methods(ta), mb = methods(tb);
  for (const k of new Set([...ma.keys(), ...mb.keys()])) if (ma.get(k) !== mb.get(k)) report(`${name} ${k}:\n  before ${ma.get(k)}\n  after  ${mb.get(k)}`);
  const resources = (t: Json) => new Set(Object.keys(t.Resources));
  const ra = resources(ta), rb = resources(tb);
  for (const r of ra) if (!rb.has(r)) report(`${name} resource removed: ${r}`);
  for (const r of rb) if (!ra.has(r)) report(`${name} resource added: ${r}`);
  console.log(`${name}: ${pa.size} policy owners, ${statements} statement atoms, ${[...ma.keys()].filter((k) => /^[A-Z]+ \//.test(k)).length} API methods, ${ra.size} resources compared`);
}
console.log(differences === 0 ? 'no differences' : `${differences} differences`);
process.exit(differences === 0 ? 0 : 1);
