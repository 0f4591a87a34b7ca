// `npm run seed`: fills a running twin with fictional demo cases at every stage of the integral
// process, in all three regions, through the public API only (the typed client and the twin's
// profiles). Running it again finds the demo people's cases and creates nothing new.
import * as path from 'node:path';
import { DEMO_REGIONS, DEMO_TRANSFER, demoPeople } from './demo-people';
import { Partners, readTwinState, TwinUnavailable, type TwinState } from './partners';
import { seedScenario, type SeededCase } from './scenarios';
import { seedTransfer } from './transfer';
import { seedAdvice, type SeededAdvice } from './advice';

export { TwinUnavailable } from './partners';
export type { SeededCase } from './scenarios';
export type { SeededAdvice } from './advice';

export interface SeedOptions {
  /** Where the running twin wrote endpoints.json and credentials (`npm start`: `.twin` in the repository). */
  stateDir: string;
  /** Progress lines; default none. */
  log?: (line: string) => void;
}

export interface SeedResult {
  twin: TwinState;
  cases: SeededCase[];
  /** Cases this run registered. */
  created: number;
  /** Anonymous advice requests per region: open, asked back, answered, one converted into a signal. */
  advice: SeededAdvice[];
  /** True when this run wrote anything at all (a second run writes nothing). */
  changed: boolean;
}

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const twin = readTwinState(options.stateDir);
  const missing = DEMO_REGIONS.filter((r) => !twin.regions[r]);
  if (missing.length > 0) throw new TwinUnavailable(`the twin in ${twin.endpointsFile} lacks the region(s) ${missing.join(', ')}`);
  const partners = new Partners(twin);
  await partners.probe();

  // Regions side by side; within a region one case after the other, so case numbers follow the stages.
  const perRegion = await Promise.all(
    DEMO_REGIONS.map(async (region) => {
      const seeded: SeededCase[] = [];
      for (const person of demoPeople(region).filter((p) => p.scenario !== 'transfer')) seeded.push(await seedScenario(partners.region(region), person, log));
      return seeded;
    }),
  );
  const mover = demoPeople(DEMO_TRANSFER.from).find((p) => p.scenario === 'transfer')!;
  const transferred = await seedTransfer(partners, mover, log);

  const advice = (await Promise.all(DEMO_REGIONS.map((region) => seedAdvice(partners.region(region), log)))).flat();

  const cases = DEMO_REGIONS.flatMap((region, i) => [...perRegion[i]!, ...transferred.filter((c) => c.region === region)]);
  const changed = cases.some((c) => c.created || c.wrote.length > 0) || advice.some((a) => a.created || a.wrote.length > 0);
  return { twin, cases, advice, created: cases.filter((c) => c.created).length, changed };
}

/** The summary for the terminal: per region the cases and their stage, then how to look at them. */
export function formatSummary(result: SeedResult, cwd = process.cwd()): string {
  const { twin, cases } = result;
  const lines: string[] = [];
  lines.push(
    result.changed
      ? `Demo data in the twin: ${cases.length} cases, ${result.created} created now, ${cases.length - result.created} already there.`
      : `Nothing new: all ${cases.length} demo cases were already there, at their stages (nothing was created or changed).`,
  );
  for (const region of DEMO_REGIONS) {
    lines.push('', `${region}  (${twin.regions[region]!.api})`);
    for (const c of cases.filter((k) => k.region === region)) {
      lines.push(`  ${c.caseNumber}  ${c.state.padEnd(18)} ${c.created ? 'new ' : 'was '} ${c.stage}`);
      lines.push(`  ${' '.repeat(c.caseNumber.length)}  case ${c.caseId}`);
    }
    for (const a of result.advice.filter((k) => k.region === region)) lines.push(`  advice request ${a.adviceRequestId}  ${a.status.padEnd(10)} asked by ${a.askedBy}${a.caseId ? `, became case ${a.caseId}` : ''}`);
  }
  const example = cases.find((c) => c.scenario === 'plan' && c.region === 'kennemerland') ?? cases[0]!;
  const credentials = path.relative(cwd, twin.credentialsFile) || twin.credentialsFile;
  const api = twin.regions[example.region]!;
  const profile = `${example.region}.politie`;
  lines.push(
    '',
    `Look at them as any partner, with its profile from ${credentials} (e.g. ${profile}; the ZVH is <region>.zvh):`,
    `  KEY=$(awk '/\\[${profile}\\]/{f=1} f&&/aws_access_key_id/{print $3; exit}' ${credentials})`,
    `  SECRET=$(awk '/\\[${profile}\\]/{f=1} f&&/aws_secret_access_key/{print $3; exit}' ${credentials})`,
    `  curl --aws-sigv4 "aws:amz:${api.awsRegion}:execute-api" --user "$KEY:$SECRET" ${api.api}/cases/${example.caseId}`,
    `  (also .../tasks, .../plan, .../history, or "${api.api}/cases?limit=20")`,
    `or with the typed client: AWS_SHARED_CREDENTIALS_FILE=${credentials} AWS_PROFILE=${profile} and new CterClient({ region: '${example.region}' }).getCase('${example.caseId}')`,
  );
  if (twin.monitor) lines.push(`The work process of every case: ${twin.monitor}`);
  return lines.join('\n');
}
