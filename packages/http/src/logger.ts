// One Powertools logger per function. Only ids, routes, status codes and timings are logged:
// never bodies, never subject data.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
