// The running twin as partner systems see it: its regions' APIs from `<stateDir>/endpoints.json` and
// one typed client per `<region>.<organisation>` profile of `<stateDir>/credentials`.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { causeCode, CterClient, CterNetworkError, ForbiddenError, type Credentials } from '@cter/client';

/** The twin is not there (no state, or it does not answer): a message for the person at the terminal. */
export class TwinUnavailable extends Error {
  override name = 'TwinUnavailable';
}

export interface TwinState {
  stateDir: string;
  endpointsFile: string;
  credentialsFile: string;
  regions: Record<string, { api: string; awsRegion: string }>;
  /** The twin's STS endpoint (AssumeRole), when it serves one. */
  sts?: string;
  /** The process monitoring page, when the twin serves one. */
  monitor?: string;
}

const START_HINT = 'start the twin first with `npm start` in another terminal, wait until it prints that it is running, then run `npm run seed` again';

export function readTwinState(stateDir: string): TwinState {
  const endpointsFile = path.join(stateDir, 'endpoints.json');
  const credentialsFile = path.join(stateDir, 'credentials');
  for (const file of [endpointsFile, credentialsFile]) {
    if (!existsSync(file)) throw new TwinUnavailable(`no twin: ${file} does not exist; ${START_HINT}`);
  }
  let endpoints: { regions?: TwinState['regions']; monitor?: string; sts?: string };
  try {
    endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as typeof endpoints;
  } catch (error) {
    throw new TwinUnavailable(`no twin: ${endpointsFile} cannot be read (${(error as Error).message}); ${START_HINT}`);
  }
  if (!endpoints.regions || Object.keys(endpoints.regions).length === 0) throw new TwinUnavailable(`no twin: ${endpointsFile} names no regions; ${START_HINT}`);
  return { stateDir, endpointsFile, credentialsFile, regions: endpoints.regions, ...(endpoints.monitor ? { monitor: endpoints.monitor } : {}), ...(endpoints.sts ? { sts: endpoints.sts } : {}) };
}

/** The partner organisations of one region, each with its own client. */
export interface RegionPartners {
  region: string;
  as(organisation: string): CterClient;
  /** A person inside the organisation: its role assumed with `sessionName` (a ONE-on-ONE mentor's id). */
  asSession(organisation: string, sessionName: string): CterClient;
}

export class Partners {
  private readonly clients = new Map<string, CterClient>();
  private readonly keys = new Map<string, Promise<Credentials>>();

  constructor(readonly twin: TwinState) {}

  region(region: string): RegionPartners {
    return { region, as: (organisation) => this.as(region, organisation), asSession: (organisation, sessionName) => this.asSession(region, organisation, sessionName) };
  }

  /** The client of profile `<region>.<organisation>`, signing with that profile's keys. */
  as(region: string, organisation: string, options: { maxAttempts?: number; timeoutMs?: number } = {}): CterClient {
    const profile = `${region}.${organisation}`;
    const key = `${profile}:${options.maxAttempts ?? ''}:${options.timeoutMs ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      const endpoint = this.twin.regions[region];
      if (!endpoint) throw new TwinUnavailable(`the twin in ${this.twin.endpointsFile} has no region ${region}`);
      client = new CterClient({ region, baseUrl: endpoint.api, awsRegion: endpoint.awsRegion, credentials: () => this.credentials(profile), ...options });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The client of a role session of profile `<region>.<organisation>` named `sessionName`, through the twin's STS (AssumeRole). */
  asSession(region: string, organisation: string, sessionName: string): CterClient {
    const profile = `${region}.${organisation}`;
    const key = `${profile}@${sessionName}`;
    let client = this.clients.get(key);
    if (!client) {
      const endpoint = this.twin.regions[region];
      if (!endpoint) throw new TwinUnavailable(`the twin in ${this.twin.endpointsFile} has no region ${region}`);
      if (!this.twin.sts) throw new TwinUnavailable(`the twin in ${this.twin.endpointsFile} serves no STS endpoint; restart it with \`npm start\``);
      const roleArn = roleArnOf(readFileSync(this.twin.credentialsFile, 'utf8'), profile);
      if (!roleArn) throw new TwinUnavailable(`no role of profile ${profile} in ${this.twin.credentialsFile}`);
      const session = fromTemporaryCredentials({
        masterCredentials: () => this.credentials(profile),
        params: { RoleArn: roleArn, RoleSessionName: sessionName },
        clientConfig: { endpoint: this.twin.sts, region: endpoint.awsRegion },
      });
      client = new CterClient({ region, baseUrl: endpoint.api, awsRegion: endpoint.awsRegion, credentials: session });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Fails with TwinUnavailable unless every region's API answers, signed with the profiles' keys. */
  async probe(): Promise<void> {
    for (const [region, endpoint] of Object.entries(this.twin.regions)) {
      try {
        await this.as(region, 'politie', { maxAttempts: 1, timeoutMs: 10_000 }).getCatalogue();
      } catch (error) {
        if (error instanceof CterNetworkError) {
          throw new TwinUnavailable(`the twin does not answer at ${endpoint.api} (${causeCode(error.cause) ?? 'no response'}): ${this.twin.endpointsFile} is from a twin that is not running; ${START_HINT}`);
        }
        if (error instanceof ForbiddenError) {
          throw new TwinUnavailable(`the twin at ${endpoint.api} refuses the keys in ${this.twin.credentialsFile} (${error.code}): they belong to another twin; restart it with \`npm start\``);
        }
        throw error;
      }
    }
  }

  private credentials(profile: string): Promise<Credentials> {
    let keys = this.keys.get(profile);
    if (!keys) {
      // The profile from the twin's own file, never from ~/.aws: the twin's keys are the only ones it accepts.
      const provider = fromIni({ profile, filepath: this.twin.credentialsFile, configFilepath: path.join(this.twin.stateDir, 'no-config') });
      keys = provider().catch((error: unknown) => {
        throw new TwinUnavailable(`no profile ${profile} in ${this.twin.credentialsFile} (${(error as Error).message})`);
      });
      this.keys.set(profile, keys);
    }
    return keys;
  }
}

/** The role a profile of the twin's credentials file assumes (written there as a `# role_arn = ` comment). */
function roleArnOf(credentialsFile: string, profile: string): string | undefined {
  const section = credentialsFile.split(/^\[/m).find((block) => block.startsWith(`${profile}]`));
  return section ? /^#\s*role_arn\s*=\s*(\S+)/m.exec(section)?.[1] : undefined;
}
