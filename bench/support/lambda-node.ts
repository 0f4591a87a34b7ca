// The Node.js binary the bench runs functions on: the major Lambda runs (nodejs22.x), from the npm
// package node-linux-<arch> pinned in bench/lambda-node (installed there with `npm ci` on first use,
// outside the workspaces, so it never shadows the project's own `node`). Where no such package
// exists for this machine (macOS, Windows) the bench falls back to the Node running it and says so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const LAMBDA_NODE_MAJOR = 22;

export interface LambdaNode {
  /** The binary to spawn. */
  file: string;
  /** Its `process.version`, e.g. `v22.23.5`. */
  version: string;
  /** Set when the binary is not the Lambda major (the fallback). */
  warning?: string;
}

export function lambdaNode(root: string, log: (line: string) => void): LambdaNode {
  const prefix = path.join(root, 'bench', 'lambda-node');
  const binary = path.join(prefix, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(binary)) {
    log(`installing Node.js ${LAMBDA_NODE_MAJOR} for the functions (npm ci in bench/lambda-node) ...`);
    try {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: prefix, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      log(`could not install it: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  if (existsSync(binary)) {
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
    if (version.startsWith(`v${LAMBDA_NODE_MAJOR}.`)) return { file: binary, version };
  }
  return {
    file: process.execPath,
    version: process.version,
    warning: `no Node.js ${LAMBDA_NODE_MAJOR} binary for ${process.platform}-${process.arch} in bench/lambda-node: functions run on ${process.version}, not on the major Lambda runs`,
  };
}
