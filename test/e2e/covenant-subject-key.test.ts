// The subject lookup (person -> cases) is keyed with a secret of the region: whoever holds the table
// cannot recompute the key of a BSN (an unkeyed hash of 10^8 possible BSNs falls in minutes), and the
// same person has unrelated keys in two regions. The key is a KMS HMAC key; the twin serves the same
// KMS API with a local secret, signed with SigV4 like any AWS call.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { startTwin, type Twin } from '@cter/twin';
import { legacySubjectKeyOf } from '../../services/covenant/adapters/subject-key-migration';
import { runFunction } from '../../scripts/run-function';
import { KmsMac } from '@cter/store';
import { keysOf } from '../support/twin-ops';
import { auditRecords, itemsMentioning, pseudonymKeyOn, sharedTables } from '../support/covenant';
import { call, signalFor, signedCall } from '../support/signed-client';
import { ASSEMBLY_DIR } from '../support/assembly';

const REGION = 'kennemerland';
const OTHER = 'zaanstreek-waterland';

/** Every unkeyed derivation an attacker would try first, including the old `cter-subject-v1` scheme. */
const unkeyed = (bsn: string) =>
  [`cter-subject-v1\u0000${bsn}`, bsn].flatMap((input) => [createHash('sha256').update(input).digest('hex'), createHash('sha512').update(input).digest('hex'), createHash('sha1').update(input).digest('hex')]);

async function lookupItemsOf(region: string, caseId: string) {
  return (await itemsMentioning(sharedTables(region), 'cases', [caseId])).filter((i) => i.entity === 'subject-case');
}

/** The case's lookup item, once IndexSubject has written it from the case's pending marker. */
const indexedLookupOf = (region: string, caseId: string) =>
  vi.waitFor(
    async () => {
      const [lookup] = await lookupItemsOf(region, caseId);
      if (!lookup) throw new Error(`no lookup item for ${caseId} yet`);
      return lookup;
    },
    { timeout: 60_000, interval: 250 },
  );

describe('the subject lookup key', () => {
  it('cannot be recomputed from the BSN without the region key, and differs per region', async () => {
    const signal = signalFor('haarlem');
    const created = await call(`${REGION}.politie`, 'POST', '/signals', { body: signal });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const elsewhere = await call(`${OTHER}.politie`, 'POST', '/signals', { body: { ...signal, subject: { ...signal.subject, municipality: 'zaanstad' } } });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(201);

    const lookup = await indexedLookupOf(REGION, created.body.caseId);
    const lookupElsewhere = await indexedLookupOf(OTHER, elsewhere.body.caseId);
    expect(lookup?.pk).toMatch(/^SUBJECT#[0-9a-f]{64}$/);
    expect(lookupElsewhere?.pk).toMatch(/^SUBJECT#[0-9a-f]{64}$/);
    for (const guess of unkeyed(signal.subject.bsn)) expect(lookup!.pk).not.toBe(`SUBJECT#${guess}`);
    expect(lookupElsewhere!.pk).not.toBe(lookup!.pk);
    // The lookup holds the case id and nothing of the person.
    expect(Object.keys(lookup!).sort()).toEqual(['caseId', 'entity', 'pk', 'sk']);

    // The privacy officer still finds the person's case by BSN, in each region separately.
    const report = await call(`${REGION}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.cases.map((c: any) => c.case.caseId)).toEqual([created.body.caseId]);
    const reportElsewhere = await call(`${OTHER}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect(reportElsewhere.body.cases.map((c: any) => c.case.caseId)).toEqual([elsewhere.body.caseId]);
    expect((await auditRecords(sharedTables(REGION), created.body.caseId)).some((r) => r.route === 'POST /subjects/report')).toBe(true);
  });

  it('finds every case of a person with more cases than it reads side by side, each read audited under its case', async () => {
    const signal = signalFor('haarlem');
    const caseIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await call(`${REGION}.politie`, 'POST', '/signals', { body: signal });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      caseIds.push(created.body.caseId);
    }
    const report = await call(`${REGION}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.cases.map((c: any) => c.case.caseId).sort()).toEqual([...caseIds].sort());
    for (const caseId of caseIds) {
      const reads = (await auditRecords(sharedTables(REGION), caseId)).filter((r) => r.route === 'POST /subjects/report');
      expect(reads, caseId).toHaveLength(1);
      expect(reads[0]!.purpose).toBe('subject-access');
    }
  });
});

const kmsOf = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string } = keysOf(inject('twin'))) => new KMSClient({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });
const message = new TextEncoder().encode('cter-subject-v2\u0000999990019');

describe("the twin's KMS", () => {
  const endpoint = () => inject('twin').endpoints.kms;

  it('generates and verifies HMAC-SHA-256 MACs per region key, by ARN or alias, for signed callers only', async () => {
    const kms = kmsOf(endpoint());
    const byAlias = await kms.send(new GenerateMacCommand({ KeyId: 'alias/cter/kennemerland/subject-lookup', MacAlgorithm: 'HMAC_SHA_256', Message: message }));
    expect(byAlias.KeyId).toMatch(/^arn:aws:kms:eu-west-1:000000000000:key\//);
    const byArn = await kms.send(new GenerateMacCommand({ KeyId: byAlias.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: message }));
    expect(Buffer.from(byArn.Mac!)).toEqual(Buffer.from(byAlias.Mac!));
    expect(byAlias.Mac).toHaveLength(32);
    const other = await kms.send(new GenerateMacCommand({ KeyId: 'alias/cter/zaanstreek-waterland/subject-lookup', MacAlgorithm: 'HMAC_SHA_256', Message: message }));
    expect(Buffer.from(other.Mac!)).not.toEqual(Buffer.from(byAlias.Mac!));
    expect((await kms.send(new VerifyMacCommand({ KeyId: byAlias.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: message, Mac: byAlias.Mac }))).MacValid).toBe(true);
    await expect(kms.send(new VerifyMacCommand({ KeyId: byAlias.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: message, Mac: other.Mac }))).rejects.toMatchObject({ name: 'KMSInvalidMacException' });

    await expect(kms.send(new GenerateMacCommand({ KeyId: 'alias/cter/kennemerland/data', MacAlgorithm: 'HMAC_SHA_256', Message: message }))).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(kms.send(new GenerateMacCommand({ KeyId: byAlias.KeyId, MacAlgorithm: 'HMAC_SHA_512', Message: message }))).rejects.toMatchObject({ name: 'InvalidKeyUsageException' });
    // A partner's credentials are neither the functions' nor the ops profile's: refused, as is a wrong secret.
    const partner = inject('twin').credentials.find((c) => c.profile === 'kennemerland.politie')!;
    await expect(kmsOf(endpoint(), partner).send(new GenerateMacCommand({ KeyId: byAlias.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: message }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(kmsOf(endpoint(), { accessKeyId: keysOf(inject('twin')).accessKeyId, secretAccessKey: 'guessed' }).send(new GenerateMacCommand({ KeyId: byAlias.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: message }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    const unsigned = await fetch(endpoint(), { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.GenerateMac' }, body: JSON.stringify({ KeyId: byAlias.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message).toString('base64') }) });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationToken' });
    expect(new URL(endpoint()).hostname).toBe('127.0.0.1');
  });
});

describe("the functions' KMS client (KmsMac: GenerateMac signed with the SDK's signer, without @aws-sdk/client-kms)", () => {
  const endpoint = () => inject('twin').endpoints.kms;

  it('computes the MAC the SDK client computes, and fails with the names and statuses the SDK gives', async () => {
    const keyId = 'alias/cter/kennemerland/subject-lookup';
    const expected = await kmsOf(endpoint()).send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: message }));
    const own = new KmsMac({ endpoint: endpoint(), region: 'eu-west-1', credentials: keysOf(inject('twin')), maxAttempts: 1 });
    expect(Buffer.from(await own.generateMac(keyId, message))).toEqual(Buffer.from(expected.Mac!));

    await expect(own.generateMac('alias/cter/kennemerland/data', message)).rejects.toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 400 } });
    const partner = inject('twin').credentials.find((c) => c.profile === 'kennemerland.politie')!;
    const asPartner = new KmsMac({ endpoint: endpoint(), region: 'eu-west-1', credentials: partner, maxAttempts: 1 });
    await expect(asPartner.generateMac(keyId, message)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    const guessed = new KmsMac({ endpoint: endpoint(), region: 'eu-west-1', credentials: { accessKeyId: keysOf(inject('twin')).accessKeyId, secretAccessKey: 'guessed' }, maxAttempts: 1 });
    await expect(guessed.generateMac(keyId, message)).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    // A clock a day ahead (a skewed host, or a function on the twin's virtual clock): the refusal's Date header corrects it, as the SDK does.
    vi.setSystemTime(Date.now() + 86_400_000);
    try {
      const skewed = new KmsMac({ endpoint: endpoint(), region: 'eu-west-1', credentials: keysOf(inject('twin')), maxAttempts: 1 });
      expect(Buffer.from(await skewed.generateMac(keyId, message))).toEqual(Buffer.from(expected.Mac!));
      // Calls in flight together (a retention run derives many keys at once) are each refused before the
      // first refusal teaches the offset: every one of them must sign again, not only the first.
      vi.setSystemTime(Date.now() + 365 * 86_400_000);
      const parallel = new KmsMac({ endpoint: endpoint(), region: 'eu-west-1', credentials: keysOf(inject('twin')), maxAttempts: 1 });
      const macs = await Promise.all(Array.from({ length: 8 }, () => parallel.generateMac(keyId, message)));
      for (const mac of macs) expect(Buffer.from(mac)).toEqual(Buffer.from(expected.Mac!));
    } finally {
      vi.useRealTimers();
    }
    // Nobody listening: a network error, retried (maxAttempts) and then thrown as the connection's error.
    const closed = new KmsMac({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: keysOf(inject('twin')), maxAttempts: 2 });
    await expect(closed.generateMac(keyId, message)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('migrating lookup keys of the old unkeyed scheme', () => {
  it('re-keys them from the cases they point to, once, and subject access finds the cases again', async () => {
    const tables = sharedTables(REGION);
    const signal = signalFor('velsen');
    const created = await call(`${REGION}.politie`, 'POST', '/signals', { body: signal });
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;
    // A lookup item as the old code wrote it (its key function is kept in the migration module only).
    const keyed = await tables.pseudonyms.subjectKeyOf(signal.subject.bsn);
    expect((await indexedLookupOf(REGION, caseId)).pk).toBe(keyed);
    await tables.client.send(new DeleteItemCommand({ TableName: tables.cases, Key: marshall({ pk: keyed, sk: `CASE#${caseId}` }) }));
    await tables.client.send(new PutItemCommand({ TableName: tables.cases, Item: marshall({ pk: legacySubjectKeyOf(signal.subject.bsn), sk: `CASE#${caseId}`, entity: 'subject-case', caseId }) }));
    const report = () => call(`${REGION}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect((await report()).body.cases).toEqual([]);

    const migrate = () => runFunction({ assemblyDir: ASSEMBLY_DIR, region: REGION, construct: 'MigrateSubjectKeys', event: { job: 'on-demand' }, endpoints: inject('twin').endpoints, credentials: keysOf(inject('twin')) });
    const first = await migrate();
    expect(first.ok, JSON.stringify(first)).toBe(true);
    expect((first as { result: { rekeyed: number } }).result.rekeyed).toBeGreaterThanOrEqual(1);
    expect((await report()).body.cases.map((c: any) => c.case.caseId)).toEqual([caseId]);
    const lookups = await lookupItemsOf(REGION, caseId);
    expect(lookups.map((i) => i.pk)).toEqual([keyed]);
    // Idempotent: nothing of the old scheme is left for a second run.
    const second = await migrate();
    expect(second.ok && (second as { result: { rekeyed: number } }).result.rekeyed).toBe(0);
    expect((await lookupItemsOf(REGION, caseId)).map((i) => i.pk)).toEqual([keyed]);
  });
});

describe('a twin restart', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'cter-twin-kms-'));
  let twin: Twin | undefined;
  afterAll(async () => {
    await twin?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps the region keys, so the lookup keys written before still find the person', { timeout: 240_000 }, async () => {
    const assemblyDir = ASSEMBLY_DIR;
    twin = await startTwin({ assemblyDir, stateDir, persist: true, portBase: 0, quiet: true });
    const politie = twin.credentials.find((c) => c.profile === 'kennemerland.politie')!;
    const signal = signalFor('heemstede');
    const created = await signedCall(twin.endpoints.regions.kennemerland!, politie, 'POST', '/signals', { body: signal });
    expect(created.status).toBe(201);
    const before = await pseudonymKeyOn(twin, REGION).subjectKeyOf(signal.subject.bsn);
    // The secrets are the twin's alone: readable by this user only.
    expect(statSync(path.join(stateDir, 'kms', 'kms-keys.json')).mode & 0o077).toBe(0);
    await twin.stop();

    twin = await startTwin({ assemblyDir, stateDir, persist: true, portBase: 0, quiet: true });
    expect(await pseudonymKeyOn(twin, REGION).subjectKeyOf(signal.subject.bsn)).toBe(before);
    const officer = twin.credentials.find((c) => c.profile === 'kennemerland.privacy-officer')!;
    const report = await signedCall(twin.endpoints.regions.kennemerland!, officer, 'POST', '/subjects/report', { body: { bsn: signal.subject.bsn } });
    expect(report.body.cases.map((c: any) => c.case.caseId)).toEqual([created.body.caseId]);
  });

});
