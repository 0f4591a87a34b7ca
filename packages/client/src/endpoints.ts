// Where a region's API is: a base URL given, or the twin's endpoints file (`.twin/endpoints.json`,
// written by `npm start`), which names each region's API and AWS region.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Endpoint {
  /** e.g. http://127.0.0.1:4513/v1 or https://abc123.execute-api.eu-west-1.amazonaws.com/v1 */
  baseUrl: string;
  awsRegion: string;
}

export const DEFAULT_ENDPOINTS_FILE = '.twin/endpoints.json';
const DEFAULT_AWS_REGION = 'eu-west-1';

export function resolveEndpoint(options: { region: string; baseUrl?: string | undefined; endpointsFile?: string | undefined; awsRegion?: string | undefined }): Endpoint {
  const fallbackRegion = options.awsRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_AWS_REGION;
  if (options.baseUrl) return { baseUrl: options.baseUrl.replace(/\/+$/, ''), awsRegion: fallbackRegion };
  const file = path.resolve(options.endpointsFile ?? process.env.CTER_ENDPOINTS_FILE ?? DEFAULT_ENDPOINTS_FILE);
  let endpoints: { regions?: Record<string, { api?: string; awsRegion?: string }> };
  try {
    endpoints = JSON.parse(readFileSync(file, 'utf8')) as typeof endpoints;
  } catch (error) {
    throw new Error(`no base URL given and the endpoints file ${file} cannot be read (${(error as Error).message}); start the twin with \`npm start\`, or pass baseUrl`);
  }
  const region = endpoints.regions?.[options.region];
  if (!region?.api) throw new Error(`${file} has no region ${options.region}; it has ${Object.keys(endpoints.regions ?? {}).join(', ') || 'none'}`);
  return { baseUrl: region.api.replace(/\/+$/, ''), awsRegion: options.awsRegion ?? region.awsRegion ?? fallbackRegion };
}
