// The context object the Lambda runtime hands a handler, from the environment Lambda sets; shared
// by the bench's child processes (plain JavaScript: no tsx loader may sit in them).
import { randomBytes, randomUUID } from 'node:crypto';

/** A sampled X-Ray trace header, as Lambda puts in _X_AMZN_TRACE_ID for an invocation of an actively traced function. */
function traceHeader() {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

/** The context of one invocation; like the runtime, it sets the invocation's trace header first when Lambda runs an X-Ray daemon. */
export function lambdaContext(deadline = Date.now() + 10_000) {
  if (process.env.AWS_XRAY_DAEMON_ADDRESS) process.env._X_AMZN_TRACE_ID = traceHeader();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: randomUUID(),
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}
