// The foundation benchmark: what the platform's shared layers (middy chain, Powertools logger,
// zod validation, document client, SigV4 + IAM gateway) cost against the bare minimum.
//   1. bundle size of every function vs a bare GetItem handler       (budget <= 1.3x)
//   2. cold init (fresh process: import + first request) vs the bare  (budget <= 1.2x)
//   3. warm latency through the twin vs one direct DynamoDB call      (budget p50 <= 3x)
//   4. gateway authorization cost per request (figure only)
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BenchContext } from './support/context';
import { authorizationCost } from './foundation/authorization';
import { BUNDLE_BUDGET, bundleSize, type BundleSizeFigures } from './foundation/bundle-size';
import { COLD_INIT_BUDGET, coldInit, type ColdInitFigures } from './foundation/cold-init';
import { functionBundles } from './foundation/functions';
import { openCase, pickMunicipality, type ScenarioSetup } from './foundation/scenarios';
import { MODELLED_CALLS, warmLatency, type WarmLatencyFigures } from './foundation/warm-latency';
import { round } from './support/stats';

export const description = 'bundle size, cold init, warm latency and gateway authorization cost of the cases functions';

const REGION = 'kennemerland';

export async function run(context: BenchContext): Promise<Record<string, unknown>> {
  // Starting the twin synthesizes first when the sources changed, so cdk.out is current below.
  const bench = await context.twin();
  const { functions: all, skipped } = functionBundles(context.root, context.assemblyDir);
  if (skipped.length > 0) context.log(`not benchmarked (not a ServiceFunction): ${skipped.join(', ')}`);
  // Functions that carry Cedar's wasm have budgets of their own (bench/covenant.ts): a 4 MB engine is not a shared layer.
  const functions = all.filter((f) => !existsSync(path.join(path.dirname(f.file), 'cedar_wasm_bg.wasm')));
  if (functions.length < all.length) context.log(`measured by the covenant suite (Cedar): ${all.filter((f) => !functions.includes(f)).map((f) => f.name).join(', ')}`);
  if (functions.length === 0) throw new Error('the cloud assembly has no Lambda functions');
  const regionId = bench.twin.regions.has(REGION) ? REGION : [...bench.twin.regions.keys()][0]!;

  const { figures: bundles, bare } = await bundleSize(context, functions);

  // The region's tables, as its functions' environment names them.
  const region = bench.twin.regions.get(regionId)!;
  const variables = [...region.functions.values()].map((f) => f.definition.environment);
  const casesTable = variables.map((v) => v.CASES_TABLE).find(Boolean);
  const auditTable = variables.map((v) => v.AUDIT_TABLE).find(Boolean);
  if (!casesTable || !auditTable) throw new Error(`no function of ${regionId} has CASES_TABLE and AUDIT_TABLE in its environment`);
  const dynamodb = new DynamoDBClient({ endpoint: bench.twin.endpoints.dynamodb, region: region.awsRegion, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const partial = { regionId, municipality: pickMunicipality(regionId), twin: bench };
    const setup: ScenarioSetup = { ...partial, dynamodb, casesTable, auditTable, baseCaseId: await openCase(partial) };
    const warm = await warmLatency(context, bench, functions, setup, bare.file);
    const cold = await coldInit(context, bench, functions, setup, bare.file);
    for (const [route, modelled] of Object.entries(MODELLED_CALLS)) {
      // A warm request's DynamoDB operations only (calls to other services are not modelled), in any order: calls sent side by side arrive in either.
      const observed = cold.functions.find((f) => f.route === route)?.warmOperations.filter((operation) => !operation.includes(':'));
      if (observed && [...observed].sort().join(',') !== [...modelled].sort().join(',')) {
        context.print(`WARNING: the warm-latency breakdown models ${route} as ${modelled.join(', ')}, but its handler sent ${observed.join(', ')}; update bench/foundation/warm-latency.ts.`);
      }
    }
    context.table(
      'Warm budget routes with their round trips (the duration ratio above, the calls of a warm request from the cold-start pass)',
      ['route', 'function p50 ms', 'x one call', 'round trips', 'calls'],
      warm.lambda.map((r) => {
        const fn = cold.functions.find((f) => f.route === r.route);
        return [r.route, r.functionMs.p50, r.ratioP50, fn?.warmRoundTrips ?? '?', fn?.warmOperations.join(', ') || '-'];
      }),
    );
    const authorization = authorizationCost(context, bench);
    printFindings(context, bundles, cold, warm);
    return { regionId, bundleSize: bundles, coldInit: cold, warmLatency: warm, authorization };
  } finally {
    dynamodb.destroy();
  }
}

/** Plain-language reading of the figures: what drives each failing budget. */
function printFindings(context: BenchContext, bundles: BundleSizeFigures, cold: ColdInitFigures, warm: WarmLatencyFigures): void {
  const lines: string[] = [];
  const largest = [...bundles.functions].sort((a, b) => b.bytes - a.bytes)[0];
  if (largest && !largest.pass) {
    const extraKb = round(largest.kb - bundles.bare.kb, 1);
    const top = bundles.breakdown.filter((b) => b.maxExtraKb >= 1).slice(0, 4);
    const zod = bundles.breakdown.find((b) => b.package === 'zod');
    const withoutZod = zod ? round((largest.bytes - zod.maxExtraKb * 1024) / (bundles.bare.bytes), 2) : undefined;
    lines.push(
      `- bundle: ${largest.name} is ${largest.kb} KB = bare ${bundles.bare.kb} KB + ${extraKb} KB (budget allows +${round(bundles.bare.kb * (BUNDLE_BUDGET - 1), 1)} KB). ` +
        `Largest additions: ${top.map((b) => `${b.package} ${b.maxExtraKb} KB`).join(', ')}.` +
        (withoutZod !== undefined ? ` Without zod it would be ${withoutZod}x bare.` : ''),
    );
  }
  const failingCold = cold.functions.filter((f) => !f.pass);
  if (failingCold.length > 0) {
    const chain = cold.attribution.find((a) => a.name.startsWith('platform chain'));
    lines.push(
      `- init (module load): ${failingCold.length} of ${cold.functions.length} functions exceed ${COLD_INIT_BUDGET}x (${failingCold.map((f) => `${f.name} ${f.ratio}x`).join(', ')}).` +
        (chain ? ` The platform chain alone (httpRoute + dynamo(), one GetItem) imports in ${chain.importMs} ms, ${chain.extraImportMs} ms more than the bare handler in the same rounds.` : ''),
    );
  }
  const slowFirst = cold.functions.filter((f) => f.firstInvokeRatio > 1.5);
  if (slowFirst.length > 0) {
    lines.push(`- first invocation (no budget): ${slowFirst.map((f) => `${f.name} ${f.firstInvokeRatio}x (${f.operations.join('+') || '-'})`).join(', ')}.`);
  }
  for (const route of warm.lambda.filter((r) => !r.pass)) {
    const twin = warm.routes.find((t) => t.route === route.route)!;
    const ownCalls = round(twin.handlerCallsMs.p50 / twin.directMs.p50, 2);
    lines.push(
      `- warm ${route.route}: the function takes ${route.functionMs.p50} ms p50 = ${route.ratioP50}x one ${route.baseline} (${route.baselineMs.p50} ms). Its own calls (${twin.handlerCalls}) made directly take ${ownCalls}x one ${route.baseline}.`,
    );
  }
  if (lines.length > 0) context.print(`\nFindings (what drives the failing budgets)\n${lines.join('\n')}`);
}
