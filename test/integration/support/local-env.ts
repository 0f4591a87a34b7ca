// Points the code under test at the run's DynamoDB Local and KMS server and sets the environment a
// function gets from the CDK app (names from @cter/config ENV). Call it before importing a handler or
// an adapter: they read their environment once, at load.
import { inject } from 'vitest';
import { ENV } from '@cter/config';

export const REGION = 'kennemerland';

export function useLocalAws(service: 'cases' | 'workflow' | 'covenant' | 'measures' | 'packages'): { cases: string; audit: string } {
  const aws = inject('localAws');
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: aws.dynamodb,
    AWS_ENDPOINT_URL_KMS: aws.kms,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    [ENV.logLevel]: 'SILENT',
    [ENV.regionId]: REGION,
    [ENV.serviceName]: service,
    [ENV.casesTable]: aws.tables.cases,
    [ENV.auditTable]: aws.tables.audit,
    [ENV.subjectLookupKeyId]: aws.subjectLookupKeyArn,
  });
  return aws.tables;
}
