// The cloud assembly the test run's twin runs (synthesized by the global setup into the twin's own folder).
import * as path from 'node:path';
import { twinAssemblyDir } from '@cter/twin';

export const ASSEMBLY_DIR = twinAssemblyDir(path.resolve(import.meta.dirname, '../..'));
