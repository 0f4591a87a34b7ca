// `npm run work-process`: synthesizes when needed, then writes the findable work process to docs/.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSynthesized, twinAssemblyDir } from './synth';
import { workProcessFiles, writeFiles } from './work-process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
await ensureSynthesized(root, twinAssemblyDir(root), (line) => console.log(line));
const files = await workProcessFiles(twinAssemblyDir(root));
writeFiles(root, files);
console.log(`wrote ${files.size} files: docs/work-process.md and docs/work-process/<region>/`);
