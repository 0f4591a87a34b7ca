// The functions of the synthesized assembly, de-duplicated across regions: every region deploys
// the same bundles, so a function is reported once by its construct name (RegisterSignal, ...).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { codeDirWithLayers, readAssembly, resourcesOfType, type StackArtifact } from '@cter/twin';
import { restApisOf } from '../../packages/twin/src/api-routes';

export interface FunctionBundle {
  /** Construct name from `aws:cdk:path`, e.g. `RegisterSignal`. */
  name: string;
  /** `METHOD /path` the region APIs route to it (empty when none does). */
  routes: string[];
  /** Logical id per region (stage name). */
  logicalIds: Record<string, string>;
  /** The bundle file in cdk.out (first region's; the others are compared by content). */
  file: string;
  handlerExport: string;
  bytes: number;
  sha256: string;
  /** Whether every region's asset has the same content. */
  identicalAcrossRegions: boolean;
  /** The entry source, found by convention (`services/<service>/handlers/<kebab-name>.ts`). */
  entry: string | undefined;
  /** X-Ray tracing inside the function as deployed (`cter:sdkTracing`: POWERTOOLS_TRACE_ENABLED in its template). */
  sdkTracing: boolean;
}

/**
 * The construct name of a ServiceFunction (`.../<Name>/Function/Resource`), or undefined for
 * functions CDK adds itself (custom resource providers and the like), which are not benchmarked.
 */
function serviceFunctionName(stack: StackArtifact, logicalId: string): string | undefined {
  const cdkPath = stack.template.Resources[logicalId]?.Metadata?.['aws:cdk:path'];
  if (typeof cdkPath !== 'string') return undefined;
  const parts = cdkPath.split('/');
  return parts.length >= 3 && parts[parts.length - 1] === 'Resource' && parts[parts.length - 2] === 'Function' ? parts[parts.length - 3] : undefined;
}

/** `index.handler` -> the bundle file in the asset folder and the export name, as the Lambda runtime resolves it. */
function bundleFile(codeDir: string, handler: string): { file: string; handlerExport: string } {
  const dot = handler.lastIndexOf('.');
  const moduleName = handler.slice(0, dot);
  const handlerExport = handler.slice(dot + 1);
  for (const extension of ['.mjs', '.js', '.cjs']) {
    const file = path.join(codeDir, moduleName + extension);
    if (existsSync(file)) return { file, handlerExport };
  }
  throw new Error(`no bundle ${moduleName}.{mjs,js,cjs} in ${codeDir}`);
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function findEntry(root: string, name: string): string | undefined {
  const servicesDir = path.join(root, 'services');
  if (!existsSync(servicesDir)) return undefined;
  for (const service of readdirSync(servicesDir)) {
    const candidate = path.join('services', service, 'handlers', `${kebab(name)}.ts`);
    if (existsSync(path.join(root, candidate))) return candidate;
  }
  return undefined;
}

export function functionBundles(root: string, assemblyDir: string): { stacks: StackArtifact[]; functions: FunctionBundle[]; skipped: string[] } {
  const stacks = readAssembly(assemblyDir);
  const byName = new Map<string, FunctionBundle>();
  const skipped = new Set<string>();
  for (const stack of stacks) {
    const routesOf = new Map<string, string[]>();
    for (const api of restApisOf(stack)) {
      for (const route of api.routes) routesOf.set(route.functionLogicalId, [...(routesOf.get(route.functionLogicalId) ?? []), `${route.method} ${route.resourcePath}`]);
    }
    for (const [logicalId, resource] of resourcesOfType(stack, 'AWS::Lambda::Function')) {
      const name = serviceFunctionName(stack, logicalId);
      if (!name) {
        skipped.add(String(resource.Metadata?.['aws:cdk:path'] ?? logicalId).replace(`${stack.stageName}/`, ''));
        continue;
      }
      // As Lambda runs it: the function's code with its layers' modules beside it (Powertools).
      const { file, handlerExport } = bundleFile(codeDirWithLayers(stack, logicalId), String(resource.Properties?.Handler ?? 'index.handler'));
      const content = readFileSync(file);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const existing = byName.get(name);
      if (existing) {
        existing.logicalIds[stack.stageName] = logicalId;
        existing.identicalAcrossRegions &&= existing.sha256 === sha256;
        for (const route of routesOf.get(logicalId) ?? []) if (!existing.routes.includes(route)) existing.routes.push(route);
        continue;
      }
      byName.set(name, {
        name,
        routes: [...(routesOf.get(logicalId) ?? [])],
        logicalIds: { [stack.stageName]: logicalId },
        file,
        handlerExport,
        bytes: statSync(file).size,
        sha256,
        identicalAcrossRegions: true,
        entry: findEntry(root, name),
        sdkTracing: (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.POWERTOOLS_TRACE_ENABLED === 'true',
      });
    }
  }
  return { stacks, functions: [...byName.values()], skipped: [...skipped] };
}
