// Lambda layers in the twin, laid out as Lambda lays them out: a function's code in /var/task, its
// layers' `nodejs/node_modules` merged in /opt/nodejs/node_modules. The functions import the layer by
// that path relative to their code (`../../opt/nodejs/node_modules/...`, infra's powertools-layer.ts),
// so the twin gives each function with layers a folder (content-addressed, shared by every twin on
// the machine) holding `var/task` (a copy of its asset) and `opt/nodejs/node_modules` (links to the
// layers' packages), and runs it from `var/task`.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LAMBDA_LAYOUT } from '@cter/config';
import { assetDirectory, type StackArtifact } from './assembly';

const ROOT = path.join(tmpdir(), 'cter-twin-functions');
const TASK_ROOT = path.join(...LAMBDA_LAYOUT.taskRoot.split('/'));
const LAYER_MODULES = path.join(...LAMBDA_LAYOUT.layerModules.split('/'));
/** Changes when the layout does, so no twin runs a folder laid out the old way. */
const LAYOUT_VERSION = `${LAMBDA_LAYOUT.taskRoot} + ${LAMBDA_LAYOUT.layerModules}`;
/** Copies no twin used for this long are removed (each synth that changes code makes new ones). */
const UNUSED_FOR_MS = 3 * 24 * 3600 * 1000;
let pruned = false;

function pruneUnused(): void {
  pruned = true;
  if (!existsSync(ROOT)) return;
  for (const entry of readdirSync(ROOT)) {
    const dir = path.join(ROOT, entry);
    try {
      if (Date.now() - statSync(dir).mtimeMs > UNUSED_FOR_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another twin pruned it first.
    }
  }
}

/** The logical ids of a function's layers (`Layers: [{ Ref: <LayerVersion> }]`); other forms are refused. */
export function layerIdsOf(stack: StackArtifact, functionId: string): string[] {
  const layers = (stack.template.Resources[functionId]?.Properties?.Layers ?? []) as unknown[];
  return layers.map((layer, i) => {
    const ref = (layer as { Ref?: unknown } | null)?.Ref;
    if (typeof ref !== 'string' || stack.template.Resources[ref]?.Type !== 'AWS::Lambda::LayerVersion') {
      throw new Error(`${stack.stackName}/${functionId}: layer ${i} is not a LayerVersion of this stack; the twin runs only those`);
    }
    return ref;
  });
}

/**
 * The folder the twin runs a function from: its asset as synthesized when it has no layers, else
 * `var/task` of a folder laid out as Lambda's, with the layers' modules in `opt/nodejs/node_modules`
 * (later layers win, as in Lambda).
 */
export function codeDirWithLayers(stack: StackArtifact, functionId: string): string {
  const codeDir = assetDirectory(stack, functionId);
  const layerDirs = layerIdsOf(stack, functionId).map((id) => path.join(assetDirectory(stack, id), 'nodejs', 'node_modules'));
  if (layerDirs.length === 0) return codeDir;
  for (const dir of layerDirs) if (!existsSync(dir)) throw new Error(`${stack.stackName}/${functionId}: layer folder ${dir} has no nodejs/node_modules`);
  // Asset folders are named by their content hash: the same inputs make the same folder.
  const key = createHash('sha256').update([LAYOUT_VERSION, codeDir, ...layerDirs].join('\n')).digest('hex').slice(0, 24);
  if (!pruned) pruneUnused();
  const target = path.join(ROOT, key);
  if (existsSync(target)) {
    const now = new Date();
    utimesSync(target, now, now);
    return path.join(target, TASK_ROOT);
  }
  const staging = `${target}.${process.pid}.${Date.now()}`;
  // The files themselves, also when the asset folder is a link (an assembly put together from another
  // one's assets): the functions import the layer relative to where their code really lies.
  cpSync(codeDir, path.join(staging, TASK_ROOT), { recursive: true, dereference: true });
  const modules = path.join(staging, LAYER_MODULES);
  mkdirSync(modules, { recursive: true });
  for (const dir of layerDirs) {
    // A package is a folder, or a scope's folder inside '@scope'.
    const packages = readdirSync(dir).flatMap((entry) => (entry.startsWith('@') ? readdirSync(path.join(dir, entry)).map((name) => path.join(entry, name)) : [entry]));
    for (const name of packages) {
      const link = path.join(modules, name);
      mkdirSync(path.dirname(link), { recursive: true });
      rmSync(link, { force: true, recursive: true });
      symlinkSync(path.join(dir, name), link, 'dir');
    }
  }
  try {
    renameSync(staging, target);
  } catch {
    // Another twin made the same folder meanwhile: theirs is identical.
    rmSync(staging, { recursive: true, force: true });
  }
  return path.join(target, TASK_ROOT);
}

/** The merged layer modules of a function run from `codeDirWithLayers` (Lambda's /opt/nodejs/node_modules). */
export function layerModulesOf(codeDir: string): string {
  return path.resolve(codeDir, path.relative(TASK_ROOT, LAYER_MODULES));
}
