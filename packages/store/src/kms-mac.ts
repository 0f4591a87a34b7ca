// KMS GenerateMac, the one KMS operation the functions call, as a signed JSON call (aws-json.ts). The
// full @aws-sdk/client-kms adds 27 KB to a bundle, most of it exception classes and schemas of KMS
// operations nobody here calls: that alone put the four functions that derived lookup keys over the
// bundle budget (docs/performance.md).
import { AwsJsonClient, KMS, type AwsJsonClientOptions } from './aws-json';

export type KmsMacOptions = AwsJsonClientOptions;


export class KmsMac {
  private readonly kms: AwsJsonClient;

  constructor(options: KmsMacOptions = {}) {
    this.kms = new AwsJsonClient(KMS, options);
  }

  /** HMAC-SHA-256 of `message` under the key: KMS GenerateMac. */
  async generateMac(keyId: string, message: Uint8Array): Promise<Uint8Array> {
    const out = await this.kms.call<{ Mac?: string }>('GenerateMac', { KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message).toString('base64') });
    if (!out.Mac) throw new Error('KMS returned no MAC');
    return Buffer.from(out.Mac, 'base64');
  }
}
