// Checks the twin's credential issuing: stable across restarts and readable by the AWS SDK.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrIssueCredentials } from '../src/credentials';

const haarlem = {
  profile: 'kennemerland.gemeente-haarlem',
  roleArn: 'arn:aws:iam::111111111111:role/cter-kennemerland-gemeente-haarlem',
  region: 'eu-west-1',
};
const zaanstad = {
  profile: 'zaanstreek-waterland.gemeente-zaanstad',
  roleArn: 'arn:aws:iam::222222222222:role/cter-zaanstreek-waterland-gemeente-zaanstad',
  region: 'eu-central-1',
};

describe('loadOrIssueCredentials', () => {
  let dir = '';
  let file = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'twin-creds-'));
    // a folder that does not exist yet: the module must create it
    file = join(dir, 'nested', '.aws', 'credentials');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('issues realistic keys, one per profile, and writes a 0600 file', () => {
    const creds = loadOrIssueCredentials(file, [haarlem, zaanstad]);
    expect(creds.map((c) => c.profile)).toEqual([haarlem.profile, zaanstad.profile]);
    for (const c of creds) {
      expect(c.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(c.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    }
    expect(creds[0]).toMatchObject({ roleArn: haarlem.roleArn, region: 'eu-west-1' });
    expect(creds[0]?.accessKeyId).not.toBe(creds[1]?.accessKeyId);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`[${haarlem.profile}]`);
    expect(text).toContain(`# role_arn = ${haarlem.roleArn}`);
    // a real role_arn key would make the SDK try to assume the role
    expect(text).not.toMatch(/^\s*role_arn\s*=/m);
  });

  it('keeps the same keys when reloaded', () => {
    const first = loadOrIssueCredentials(file, [haarlem, zaanstad]);
    const second = loadOrIssueCredentials(file, [haarlem, zaanstad]);
    expect(second).toEqual(first);
  });

  it('is readable by the AWS SDK (fromIni)', async () => {
    const creds = loadOrIssueCredentials(file, [haarlem, zaanstad]);
    for (const c of creds) {
      const loaded = await fromIni({
        filepath: file,
        configFilepath: join(dir, 'no-config'), // keep the developer's ~/.aws/config out of the test
        profile: c.profile,
        ignoreCache: true,
      })();
      expect(loaded.accessKeyId).toBe(c.accessKeyId);
      expect(loaded.secretAccessKey).toBe(c.secretAccessKey);
      expect(loaded.sessionToken).toBeUndefined();
    }
  });

  it('drops unwanted profiles, issues new ones, keeps the rest', () => {
    const [h1, z1] = loadOrIssueCredentials(file, [haarlem, zaanstad]);
    const bloemendaal = { ...haarlem, profile: 'kennemerland.gemeente-bloemendaal' };
    const after = loadOrIssueCredentials(file, [bloemendaal, { ...haarlem, region: 'eu-central-1' }]);
    expect(after.map((c) => c.profile)).toEqual([bloemendaal.profile, haarlem.profile]);
    expect(after[1]).toMatchObject({ accessKeyId: h1?.accessKeyId, secretAccessKey: h1?.secretAccessKey });
    // configuration wins for role and region; only the keys are kept
    expect(after[1]?.region).toBe('eu-central-1');
    expect(after[0]?.accessKeyId).not.toBe(z1?.accessKeyId);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(zaanstad.profile);
    expect(text).not.toContain(z1?.accessKeyId ?? '-');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rejects profile names and values that would corrupt the file', () => {
    expect(() => loadOrIssueCredentials(file, [{ ...haarlem, profile: 'a]\n[b' }])).toThrow(/profile/);
    expect(() => loadOrIssueCredentials(file, [{ ...haarlem, roleArn: 'arn\naws_access_key_id = X' }])).toThrow(
      /roleArn/,
    );
    expect(() => loadOrIssueCredentials(file, [haarlem, haarlem])).toThrow(/Duplicate/);
  });
});
