// Issues the twin's per-(region, organisation) access keys and keeps them in an AWS shared-credentials
// file, so SDKs and CLIs can sign requests to the twin with an ordinary `--profile`.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface WantedCredential {
  /** e.g. 'kennemerland.gemeente-haarlem' */
  profile: string;
  roleArn: string;
  /** AWS region */
  region: string;
}

export interface IssuedCredential extends WantedCredential {
  accessKeyId: string;
  secretAccessKey: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Reads `file` if present, keeps the keys of profiles still wanted (a twin restart must not
 * invalidate configured clients), issues keys for new profiles, drops the rest, and writes the
 * file back with mode 0600. Returns one credential per wanted profile, in the order given.
 */
export function loadOrIssueCredentials(file: string, wanted: WantedCredential[]): IssuedCredential[] {
  const seen = new Set<string>();
  for (const w of wanted) {
    validateValue('profile', w.profile, /^[A-Za-z0-9._@+-]+$/);
    validateValue('roleArn', w.roleArn, /^\S+$/);
    validateValue('region', w.region, /^[a-z0-9-]+$/);
    if (seen.has(w.profile)) throw new Error(`Duplicate credential profile '${w.profile}'`);
    seen.add(w.profile);
  }

  const existing = existsSync(file) ? parseCredentialsFile(readFileSync(file, 'utf8')) : new Map<string, Keys>();
  const usedKeyIds = new Set<string>();
  const issued: IssuedCredential[] = wanted.map((w) => {
    const kept = existing.get(w.profile);
    // roleArn and region come from the wanted list: the configuration may have moved on, the keys stay.
    if (kept && !usedKeyIds.has(kept.accessKeyId)) {
      usedKeyIds.add(kept.accessKeyId);
      return { profile: w.profile, ...kept, roleArn: w.roleArn, region: w.region };
    }
    let accessKeyId = newAccessKeyId();
    while (usedKeyIds.has(accessKeyId) || [...existing.values()].some((k) => k.accessKeyId === accessKeyId)) {
      accessKeyId = newAccessKeyId();
    }
    usedKeyIds.add(accessKeyId);
    return { profile: w.profile, accessKeyId, secretAccessKey: newSecretAccessKey(), roleArn: w.roleArn, region: w.region };
  });

  writeCredentialsFile(file, issued);
  return issued;
}

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Just enough INI to read back what writeCredentialsFile wrote: a section per profile with its keys. */
function parseCredentialsFile(text: string): Map<string, Keys> {
  const result = new Map<string, Keys>();
  for (const section of text.split(/^\[/m).slice(1)) {
    const profile = section.slice(0, section.indexOf(']')).trim();
    const accessKeyId = /^\s*aws_access_key_id\s*=\s*(\S+)/m.exec(section)?.[1];
    const secretAccessKey = /^\s*aws_secret_access_key\s*=\s*(\S+)/m.exec(section)?.[1];
    if (accessKeyId && secretAccessKey) result.set(profile, { accessKeyId, secretAccessKey });
  }
  return result;
}

function writeCredentialsFile(file: string, creds: IssuedCredential[]): void {
  const text = [
    '# Written by the cter-platform local twin: one profile per (region, organisation).',
    '# Keys are kept across twin restarts; role_arn is a comment on purpose, a real role_arn key',
    '# would make AWS SDKs try to assume the role instead of using these keys.',
    ...creds.flatMap((c) => [
      '',
      `[${c.profile}]`,
      `aws_access_key_id = ${c.accessKeyId}`,
      `aws_secret_access_key = ${c.secretAccessKey}`,
      `region = ${c.region}`,
      `# role_arn = ${c.roleArn}`,
    ]),
    '',
  ].join('\n');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Write-then-rename so a crash never leaves a half-written file, and the secrets are never
  // world-readable, not even briefly (mode applies at creation; chmod covers an umask or a reused temp).
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Same shape as real keys: 'AKIA' (long-term) or 'ASIA' (temporary) + 16 base32 characters. */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  // 256 is a multiple of 32, so masking each byte keeps the characters uniformly distributed
  return prefix + [...randomBytes(16)].map((b) => BASE32[b & 31]).join('');
}

/** 30 random bytes are exactly 40 base64 characters, without padding, like real secrets. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

function validateValue(what: string, value: string, pattern: RegExp): void {
  // These go into an INI file: a newline or bracket would corrupt it or inject other keys.
  if (!pattern.test(value)) throw new Error(`Invalid credential ${what}: ${JSON.stringify(value)}`);
}
