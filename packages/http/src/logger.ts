// One Powertools logger per function. Only ids, routes, status codes and timings are logged:
// never bodies, never subject data. The formatter masks personal data should a call pass it anyway.
import { Logger } from '@aws-lambda-powertools/logger';
import { RedactingLogFormatter } from './redaction';
import { ENV } from '@cter/config';

export const logger = new Logger({ logLevel: (process.env[ENV.logLevel] as 'INFO' | undefined) ?? 'INFO', logFormatter: new RedactingLogFormatter() });
