// Reads the synthesized cloud assembly (cdk.out): one stack per stage, its template and the
// bundled asset folder of each function. The twin runs these, it never re-describes them.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export interface StackArtifact {
  /** The stage (ZVH region) the stack belongs to, e.g. `kennemerland`. */
  stageName: string;
  /** CloudFormation stack name, e.g. `cter-kennemerland`. */
  stackName: string;
  /** AWS region of the stack's environment. */
  awsRegion: string;
  directory: string;
  template: CfnTemplate;
}

interface Manifest {
  artifacts?: Record<string, { type: string; environment?: string; displayName?: string; properties?: Record<string, unknown> }>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** All stacks of all stages in the assembly at `outdir`. */
export function readAssembly(outdir: string): StackArtifact[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`no cloud assembly at ${outdir}: run 'npm run synth' first`);
  const stacks: StackArtifact[] = [];
  const visit = (directory: string, stageName: string | undefined) => {
    const manifest = readJson<Manifest>(path.join(directory, 'manifest.json'));
    for (const artifact of Object.values(manifest.artifacts ?? {})) {
      if (artifact.type === 'cdk:cloud-assembly') {
        const props = artifact.properties as { directoryName: string; displayName?: string };
        visit(path.join(directory, props.directoryName), props.displayName ?? props.directoryName);
      } else if (artifact.type === 'aws:cloudformation:stack') {
        const props = artifact.properties as { templateFile: string; stackName?: string };
        const awsRegion = artifact.environment?.split('/').pop() ?? 'unknown-region';
        const displayName = artifact.displayName ?? props.templateFile;
        stacks.push({
          stageName: stageName ?? displayName.split('/')[0]!,
          stackName: props.stackName ?? displayName.replace(/\//g, '-'),
          awsRegion,
          directory,
          template: readJson<CfnTemplate>(path.join(directory, props.templateFile)),
        });
      }
    }
  };
  visit(outdir, undefined);
  return stacks;
}

/** The folder holding a function's bundled code, from the CLI's `aws:asset:path` metadata. */
export function assetDirectory(stack: StackArtifact, logicalId: string): string {
  const assetPath = stack.template.Resources[logicalId]?.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') throw new Error(`${stack.stackName}/${logicalId} has no bundled asset (aws:asset:path metadata)`);
  return path.resolve(stack.directory, assetPath);
}

export function resourcesOfType(stack: StackArtifact, type: string): Array<[string, CfnResource]> {
  return Object.entries(stack.template.Resources).filter(([, r]) => r.Type === type);
}
