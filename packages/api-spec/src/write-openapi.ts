// `npm run openapi`: writes the platform's OpenAPI document (every region as a server) to
// docs/openapi.json. A test fails when the file is stale or disagrees with the synthesized API.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApi } from './openapi';

export const OPENAPI_FILE = path.resolve(import.meta.dirname, '../../../docs/openapi.json');

export function renderOpenApi(): string {
  return `${JSON.stringify(generateOpenApi(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
