// How the bundles (functions and the Powertools layer) reach Node.js's built-in modules: through
// process.getBuiltinModule, the module's CommonJS exports, never through an ES module import.
// For `import ... from 'node:http'` Node builds an ES module facade and reads every export to fill
// it, which runs the lazy getters: node:http's WebSocket, CloseEvent and MessageEvent load undici's
// fetch, node:fs's ReadStream the streams, node:process and node:util theirs. On Node.js 22 that was
// about 20 ms of every function's module load (docs/performance.md). esbuild aliases each
// builtin the bundles import to a CommonJS file in builtin-shims/, which it bundles; a builtin
// missing from the list still works (as an ES import) and test/infra/stacks.test.ts names it.
// node:stream/web, which only middy's streamed responses use, is loaded on first use instead.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHIMS = fileURLToPath(new URL('builtin-shims', import.meta.url));

/** `node:fs/promises` and `fs/promises` -> builtin-shims/fs-promises.cjs, for every file there. */
export const BUILTIN_ALIASES: Record<string, string> = Object.fromEntries(
  readdirSync(SHIMS)
    .filter((file) => file.endsWith('.cjs'))
    .flatMap((file) => {
      const name = file.slice(0, -'.cjs'.length).replace('-', '/');
      const shim = path.join(SHIMS, file);
      return [
        [name, shim],
        [`node:${name}`, shim],
      ];
    }),
);

/** The `require` some CommonJS dependencies call, for ESM bundles; node:module itself without an ES import. */
export const REQUIRE_BANNER = "const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);";
