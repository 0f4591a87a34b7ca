// Headless Chromium for browser tests: Debian's package, installed through scripts/install-browser.sh
// when it is missing (CI runs as root with apt-get). Where it cannot be installed, the test says so and skips.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

function onPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The chromium executable, installed if needed; or the reason there is none. */
export function chromiumExecutable(): { path: string } | { missing: string } {
  const found = onPath();
  if (found) return { path: found };
  try {
    execFileSync('bash', [path.resolve(import.meta.dirname, '../../scripts/install-browser.sh')], { stdio: 'pipe', timeout: 600_000 });
  } catch (error) {
    return { missing: `no chromium and it could not be installed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}` };
  }
  const installed = onPath();
  return installed ? { path: installed } : { missing: 'scripts/install-browser.sh ran, yet no chromium is on PATH' };
}
