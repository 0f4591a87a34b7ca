// The findable work process per region, from the state machines a cloud assembly deploys: served by
// the twin (GET <stepfunctions>/work-process/<region>) and written to docs/ by `npm run work-process`
// (docs/work-process.md and docs/work-process/<region>/: a static site to publish as it is).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { regionConfig, type RegionId } from '@cter/config';
import { workProcessDocument, type DeployedMachine, type DocumentOptions } from '@cter/process-graph';
import { readAssembly, resourcesOfType } from './assembly';
import { CfnResolver } from './cfn-resolver';
import type { StateMachineSpec } from './stepfunctions/types';

/** The machines of one region, named by their key (`cter-<region>-intake` is `intake`). */
export function regionMachines(specs: ReadonlyArray<Pick<StateMachineSpec, 'name' | 'regionId' | 'definition'>>, regionId: string): DeployedMachine[] {
  return specs.filter((s) => s.regionId === regionId).map((s) => ({ key: s.name.replace(`cter-${regionId}-`, ''), name: s.name, definition: s.definition }));
}

export function assemblyStateMachines(assemblyDir: string): Array<Pick<StateMachineSpec, 'name' | 'regionId' | 'definition'>> {
  return readAssembly(assemblyDir).flatMap((stack) => {
    const resolver = new CfnResolver(stack);
    return resourcesOfType(stack, 'AWS::StepFunctions::StateMachine').map(([, machine]) => ({
      name: String(machine.Properties?.StateMachineName),
      regionId: stack.stageName,
      definition: JSON.parse(String(resolver.resolve(machine.Properties?.DefinitionString))) as Record<string, unknown>,
    }));
  });
}

type Specs = ReadonlyArray<Pick<StateMachineSpec, 'name' | 'regionId' | 'definition'>>;

export function regionDocument(specs: Specs, regionId: string, options: DocumentOptions = {}) {
  return workProcessDocument({ id: regionId, name: regionConfig(regionId as RegionId).name }, regionMachines(specs, regionId), options);
}

/** A region's definitions with its own name taken out, to compare regions. */
function normalised(specs: Specs, regionId: string): string {
  return JSON.stringify(regionMachines(specs, regionId).map((m) => m.definition)).replaceAll(regionId, '<region>').replaceAll(regionConfig(regionId as RegionId).name, '<name>');
}

/** The files `npm run work-process` writes, by path relative to the repository root. */
export async function workProcessFiles(assemblyDir: string): Promise<Map<string, string>> {
  const specs = assemblyStateMachines(assemblyDir);
  const regions = [...new Set(specs.map((s) => s.regionId))].sort();
  const files = new Map<string, string>();
  const index = ['# The CTER work process', '', 'One document per region, generated from the state machine definitions the platform deploys and from', 'the capability matrix (`npm run work-process`); a test regenerates them and fails on any difference.', ''];
  for (const regionId of regions) {
    const document = await regionDocument(specs, regionId);
    files.set(`docs/work-process/${regionId}/index.html`, document.html);
    files.set(`docs/work-process/${regionId}/README.md`, document.markdown);
    for (const [key, svg] of Object.entries(document.svgs)) files.set(`docs/work-process/${regionId}/${key}.svg`, svg);
    index.push(`- [${regionConfig(regionId as RegionId).name}](work-process/${regionId}/README.md) ([page](work-process/${regionId}/index.html))`);
  }
  // The first region in full here; the others in their own folders (and the same, names aside, when they are).
  const first = regions[0];
  if (first) {
    const same = regions.every((r) => normalised(specs, r) === normalised(specs, first));
    index.push('', same ? 'All regions run the same definitions (names aside); the first in full:' : 'The regions run different definitions; the first in full, the others in their folders:', '');
    index.push((await regionDocument(specs, first, { level: 2, diagrams: `work-process/${first}` })).markdown);
  }
  files.set('docs/work-process.md', `${index.join('\n').trimEnd()}\n`);
  return files;
}

export function writeFiles(root: string, files: Map<string, string>): void {
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
}

/** The files that differ from what is in the repository (missing ones included). */
export function staleFiles(root: string, files: Map<string, string>): string[] {
  return [...files].filter(([file, content]) => {
    try {
      return readFileSync(path.join(root, file), 'utf8') !== content;
    } catch {
      return true;
    }
  }).map(([file]) => file);
}
