// Public surface of the twin's EventBridge part: read buses and rules from a stack, run them.
export { EventBridgeTwin, type EventBridgeTwinOptions, type ArchivedEventsQuery } from './eventbridge-twin';
export { eventBridgeOf, eventBusArn, ruleArn, type EventBridgeResources } from './template';
export { compileEventPattern, InvalidEventPatternError, type EventPredicate } from './pattern';
export { parseSchedule, InvalidScheduleExpressionError, type Schedule } from './schedule';
export { EventBridgeServiceError } from './put-events';
export { loopbackUrl, type WebhookSubscription } from './subscriptions';
export type * from './types';
