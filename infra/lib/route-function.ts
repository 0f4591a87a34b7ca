// The function of one API route, built from its registry entry (@cter/routes): the entry file, the
// table actions and key use it is granted, and nothing else. Each service's construct calls this for
// its own routes, so the functions keep their construct paths (and logical ids).
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV, type RegionConfig } from '@cter/config';
import { ROUTE_ENTRIES, type RouteEntry, type Service } from '@cter/routes';
import { PROCESS_ATTRIBUTES, PROCESS_PARTITIONS } from '../../services/workflow/adapters/process-attributes';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ServiceFunction } from './constructs/service-function';
import { CASES_TABLE } from '@cter/store/tables';
import type { RegionData } from './data';
import { grantAttributeQuery, grantAuditAppend, grantAuditAppendAndRead, grantIdempotencyKeys, grantIndexQuery, grantTable } from './grants';
import type { SubjectLookupKey } from './subject-lookup-key';

/** The copy step of the Cedar bundling recipe (packages/covenant-domain/covenants/README.md). */
const CEDAR_WASM = 'node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm_bg.wasm';
export const copyCedarWasm = (inputDir: string, outputDir: string) => [`cp "${inputDir}/${CEDAR_WASM}" "${outputDir}/cedar_wasm_bg.wasm"`];

const INDEX_NAMES: ReadonlySet<string> = new Set(CASES_TABLE.globalSecondaryIndexes.map((i) => i.indexName));

/** The named attribute-limited queries a registry entry may ask for. */
const ATTRIBUTE_QUERIES = { 'process-figures': { leadingKeys: PROCESS_PARTITIONS, attributes: PROCESS_ATTRIBUTES } } as const;

export interface RouteFunctionProps {
  region: RegionConfig;
  data: RegionData;
  logGroup: logs.ILogGroup;
  /** Needed when an entry computes pseudonyms. */
  subjectKey?: SubjectLookupKey;
}

/** The registry's routes of these services. */
export function routesOf(...services: Service[]): RouteEntry[] {
  return ROUTE_ENTRIES.filter((r) => services.includes(r.service));
}

/** A route and the function that serves it. */
export interface RouteFunction {
  route: string;
  handler: NodejsFunction;
}

export function routeFunction(scope: Construct, entry: RouteEntry, props: RouteFunctionProps): RouteFunction {
  const { region, data } = props;
  const { handler, grants } = entry;
  const fn = new ServiceFunction(scope, handler.id, {
    entry: handler.entry,
    description: `${handler.description} (${region.id})`,
    invocation: { by: 'api' },
    environment: { [ENV.regionId]: region.id, [ENV.serviceName]: entry.service },
    logGroup: props.logGroup,
    ...(handler.cedar ? { afterBundling: copyCedarWasm, memorySize: 1024 } : {}),
  }).function;
  for (const index of [...(grants.casesIndexes ?? []), ...(grants.indexQuery ? [grants.indexQuery] : [])]) {
    if (!INDEX_NAMES.has(index)) throw new Error(`${entry.route}: the cases table has no index ${index}`);
  }
  if (grants.cases.length) grantTable(fn, ENV.casesTable, data.casesTable, grants.cases, grants.casesIndexes ?? []);
  if (grants.attributeQuery) grantAttributeQuery(fn, ENV.casesTable, data.casesTable, ATTRIBUTE_QUERIES[grants.attributeQuery]);
  if (grants.audit === 'append') grantAuditAppend(fn, data.auditTable);
  else if (grants.audit === 'append-and-read') grantAuditAppendAndRead(fn, data.auditTable);
  // Functions that read no personal data still load the shared environment module: name the table, grant nothing.
  else if (grants.cases.length) fn.addEnvironment(ENV.auditTable, data.auditTable.tableName);
  if (grants.indexQuery) grantIndexQuery(fn, data.casesTable, grants.indexQuery);
  if (grants.pseudonyms) {
    if (!props.subjectKey) throw new Error(`${entry.route}: computes pseudonyms but its service has no subject key`);
    props.subjectKey.grantGenerateMac(fn);
  }
  // Write routes remember their Idempotency-Keys (packages/store/src/idempotency.ts).
  if (entry.idempotency) grantIdempotencyKeys(fn, data.casesTable);
  return { route: entry.route, handler: fn };
}
