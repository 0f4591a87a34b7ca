// X-Ray tracing (Powertools Tracer): the handler's segment and one subsegment per AWS SDK call.
// Responses are never recorded as trace metadata: they carry the person's data.
import { Tracer } from '@aws-lambda-powertools/tracer';

export const tracer = new Tracer();

/** The SDK client, with its calls traced (unchanged when tracing is off, e.g. in the twin). */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
