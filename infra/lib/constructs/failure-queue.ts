// The one construct for a queue that holds what failed for good (a dead-letter queue or an
// on-failure destination): encrypted, TLS only, kept a given time, and the cdk-nag findings that
// ask a DLQ for a DLQ acknowledged with why.
import { Duration, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FailureQueueProps {
  /** What lands here, for the acknowledgements: e.g. 'the case-change stream'. */
  holds: string;
  retentionDays: number;
  /** A customer-managed key for messages that carry personal data; SQS-managed encryption otherwise. */
  key?: kms.IKey;
}

export class FailureQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      ...(props.key ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.key } : { encryption: sqs.QueueEncryption.SQS_MANAGED }),
      enforceSSL: true,
      retentionPeriod: Duration.days(props.retentionDays),
    });
    const why = `This queue is itself where ${props.holds} lands when it failed for good; ops give it back with npm run redrive (docs/runbook.md)`;
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `${why}.` });
    Validations.of(this.queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: `${why}; a queue behind it would only move the messages.` });
  }
}
