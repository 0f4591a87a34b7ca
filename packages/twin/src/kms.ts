// The twin's KMS: the JSON 1.1 API subset the platform uses of its HMAC keys (TrentService.GenerateMac
// and VerifyMac), on a loopback port, for the AWS::KMS::Key resources of the templates whose KeySpec
// is HMAC_256. Requests must be SigV4-signed for service `kms` with the functions' credentials, as
// AWS verifies them (against real time: a function on the virtual clock gets AWS's skew answer and
// its SDK corrects its clock offset, as against AWS). Each key gets one random 256-bit secret; with
// a state folder the secrets are kept there (mode 0600), so a restart keeps every lookup key valid.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { resourcesOfType, type StackArtifact } from './assembly';
import { CfnResolver } from './cfn-resolver';
import { BodyTooLarge, JsonHttpServer, MAX_BODY_BYTES, readBytes, send, signedRegion } from './json-http';
import { verifySigV4, type SigningSecretLookup } from './sigv4-verifier';

export interface HmacKeySpec {
  arn: string;
  keyId: string;
  region: string;
  aliases: string[];
}

/** The HMAC_256 keys of the templates, with their aliases (alias/...), as the twin names them. */
export function hmacKeysOf(stack: StackArtifact): HmacKeySpec[] {
  const resolver = new CfnResolver(stack);
  const keys = resourcesOfType(stack, 'AWS::KMS::Key')
    .filter(([, r]) => r.Properties?.KeySpec === 'HMAC_256' && r.Properties?.KeyUsage === 'GENERATE_VERIFY_MAC')
    .map(([id]) => ({ arn: resolver.attribute(id, 'Arn'), keyId: resolver.physicalId(id), region: stack.awsRegion, aliases: [] as string[] }));
  for (const [, alias] of resourcesOfType(stack, 'AWS::KMS::Alias')) {
    const target = String(resolver.resolve(alias.Properties?.TargetKeyId));
    const key = keys.find((k) => k.arn === target || k.keyId === target);
    if (key) key.aliases.push(String(resolver.resolve(alias.Properties?.AliasName)));
  }
  return keys;
}

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_MESSAGE_BYTES = 4096;

export class KmsTwin extends JsonHttpServer {
  private readonly secrets = new Map<string, Buffer>();

  constructor(
    private readonly options: {
      keys: HmacKeySpec[];
      /** The credentials that may call KMS (the functions'). */
      credentials: SigningSecretLookup;
      /** Keep the secrets in this folder across restarts; in memory without it. */
      stateDir?: string;
    },
  ) {
    super('KMS twin');
    const stored = this.load();
    let added = false;
    for (const key of options.keys) {
      const secret = stored[key.arn];
      if (secret) this.secrets.set(key.arn, Buffer.from(secret, 'base64'));
      else {
        this.secrets.set(key.arn, randomBytes(32));
        added = true;
      }
    }
    if (added) this.save();
  }

  async start(port: number): Promise<void> {
    await this.listen(port, '127.0.0.1');
  }

  async stop(): Promise<void> {
    await this.close();
  }

  private get file(): string | undefined {
    return this.options.stateDir ? path.join(this.options.stateDir, 'kms-keys.json') : undefined;
  }

  private load(): Record<string, string> {
    const file = this.file;
    return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }

  private save(): void {
    const file = this.file;
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(Object.fromEntries([...this.secrets].map(([arn, s]) => [arn, s.toString('base64')])), null, 2)}\n`, { mode: 0o600 });
  }

  protected failed(res: ServerResponse, error: unknown): void {
    if (error instanceof BodyTooLarge) return this.reply(res, 413, { __type: 'ValidationException', message: `the body exceeds ${MAX_BODY_BYTES} bytes` });
    if (error instanceof KmsError) return this.reply(res, 400, { __type: error.type, message: error.message });
    this.reply(res, 500, { __type: 'KMSInternalException', message: (error as Error).message });
  }

  private reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    res.setHeader('x-amzn-RequestId', randomUUID());
    if (typeof body.__type === 'string') res.setHeader('x-amzn-ErrorType', body.__type);
    send(res, status, 'application/x-amz-json-1.1', JSON.stringify(body));
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBytes(req);
    if (req.method !== 'POST' || (req.url ?? '/') !== '/') throw new KmsError('UnknownOperationException', 'POST / with an X-Amz-Target header');
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/x-amz-json-1.1')) throw new KmsError('UnknownOperationException', 'the content type must be application/x-amz-json-1.1');
    const scopeRegion = signedRegion(req) ?? '';
    const verified = await verifySigV4({ method: req.method, url: req.url ?? '/', headers: req.headers, body }, this.options.credentials, { service: 'kms', region: scopeRegion });
    // JSON protocols answer every authentication failure with 400 and a __type; the SDK corrects a clock skew from the Date header.
    if (!verified.ok) throw new KmsError(verified.code === 'SignatureExpired' || verified.code === 'IncompleteSignatureException' ? 'InvalidSignatureException' : verified.code, verified.message);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      throw new KmsError('SerializationException', 'the body is not valid JSON');
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === 'TrentService.GenerateMac') return this.reply(res, 200, this.generateMac(input, scopeRegion));
    if (target === 'TrentService.VerifyMac') return this.reply(res, 200, this.verifyMac(input, scopeRegion));
    throw new KmsError('UnknownOperationException', `the twin's KMS serves GenerateMac and VerifyMac, not ${target || 'no target'}`);
  }

  /** KeyId as a key id, key ARN, alias name or alias ARN, of a key in the signed region. */
  private keyOf(keyId: unknown, region: string): HmacKeySpec {
    if (typeof keyId !== 'string' || keyId.length === 0) throw new KmsError('ValidationException', 'KeyId is required');
    const key = this.options.keys.find((k) => k.region === region && (k.arn === keyId || k.keyId === keyId || k.aliases.includes(keyId) || k.aliases.some((a) => keyId === `arn:aws:kms:${k.region}:${k.arn.split(':')[4]}:${a}`)));
    if (!key) throw new KmsError('NotFoundException', `Invalid keyId ${keyId}`);
    return key;
  }

  private mac(input: Record<string, unknown>, region: string): { key: HmacKeySpec; mac: Buffer } {
    const key = this.keyOf(input.KeyId, region);
    if (input.MacAlgorithm !== 'HMAC_SHA_256') throw new KmsError('InvalidKeyUsageException', `${key.arn} supports HMAC_SHA_256 only`);
    if (typeof input.Message !== 'string') throw new KmsError('ValidationException', 'Message is required');
    const message = Buffer.from(input.Message, 'base64');
    if (message.length < 1 || message.length > MAX_MESSAGE_BYTES) throw new KmsError('ValidationException', `Message must be 1 to ${MAX_MESSAGE_BYTES} bytes`);
    return { key, mac: createHmac('sha256', this.secrets.get(key.arn)!).update(message).digest() };
  }

  private generateMac(input: Record<string, unknown>, region: string): Record<string, unknown> {
    const { key, mac } = this.mac(input, region);
    return { KeyId: key.arn, Mac: mac.toString('base64'), MacAlgorithm: 'HMAC_SHA_256' };
  }

  private verifyMac(input: Record<string, unknown>, region: string): Record<string, unknown> {
    const { key, mac } = this.mac(input, region);
    const given = Buffer.from(typeof input.Mac === 'string' ? input.Mac : '', 'base64');
    if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw new KmsError('KMSInvalidMacException', 'the MAC is not valid for this message and key');
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: 'HMAC_SHA_256' };
  }
}
