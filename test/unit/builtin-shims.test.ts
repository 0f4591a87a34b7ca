// The CommonJS files the bundles reach Node's builtins through (infra/lib/constructs/node-builtins.ts):
// each one gives what process.getBuiltinModule gives, on the Node.js running the tests, and the
// lazily loaded one loads nothing until a name is read.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ALIASES } from '../../infra/lib/constructs/node-builtins';

const SHIMS = fileURLToPath(new URL('../../infra/lib/constructs/builtin-shims', import.meta.url));
const requireShim = createRequire(import.meta.url);

describe('builtin shims', () => {
  it('alias every shim file under both names, bare and node:', () => {
    for (const file of readdirSync(SHIMS)) {
      const name = file.replace(/\.cjs$/, '').replace('-', '/');
      expect(BUILTIN_ALIASES[name]).toBe(path.join(SHIMS, file));
      expect(BUILTIN_ALIASES[`node:${name}`]).toBe(path.join(SHIMS, file));
    }
  });

  it('give every export of their builtin, the same values', () => {
    for (const file of readdirSync(SHIMS)) {
      const name = `node:${file.replace(/\.cjs$/, '').replace('-', '/')}`;
      const builtin = process.getBuiltinModule(name) as Record<string, unknown>;
      const shim = requireShim(path.join(SHIMS, file)) as Record<string, unknown>;
      for (const key of Object.keys(builtin)) expect(shim[key], `${name}.${key}`).toBe(builtin[key]);
    }
  });

  it('load node:stream/web only when a name is first read', () => {
    const probe = `
      const before = process.moduleLoadList.includes('NativeModule internal/webstreams/readablestream');
      const web = require(${JSON.stringify(path.join(SHIMS, 'stream-web.cjs'))});
      const keys = Object.keys(web).length > 0;
      const atImport = process.moduleLoadList.includes('NativeModule internal/webstreams/readablestream');
      const same = web.ReadableStream === process.getBuiltinModule('node:stream/web').ReadableStream;
      console.log(JSON.stringify({ before, keys, atImport, same }));`;
    const run = requireShim('node:child_process').spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ before: false, keys: true, atImport: false, same: true });
  });
});
