// Every definition the twin runs must pass asl-validator, as CreateStateMachine would refuse it.
import aslValidator from 'asl-validator';

export class InvalidDefinitionError extends Error {
  readonly messages: string[];
  constructor(stateMachine: string, messages: string[]) {
    super(`state machine ${stateMachine} has an invalid definition:\n  ${messages.join('\n  ')}`);
    this.name = 'InvalidDefinitionError';
    this.messages = messages;
  }
}

// asl-validator compiles its JSON schemas on every call (about half a second), and each region has
// its own copy of every state machine. Results are cached per definition with the region and
// account of its ARNs made uniform, which does not change what is valid.
const ARN_SCOPE = /arn:(aws[a-z-]*):([a-z0-9-]+):[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:/g;
const cache = new Map<string, string[]>();

export function validateDefinition(stateMachine: string, definition: Record<string, unknown>): void {
  const key = JSON.stringify(definition).replace(ARN_SCOPE, (_, partition: string, service: string) => `arn:${partition}:${service}:eu-west-1:000000000000:`);
  let messages = cache.get(key);
  if (!messages) {
    // The validator writes QueryLanguage defaults into the object it checks: give it a copy.
    const result = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
    messages = result.isValid ? [] : result.errors.map((e) => `${e['Error code']}: ${e.Message}`);
    cache.set(key, messages);
  }
  if (messages.length > 0) throw new InvalidDefinitionError(stateMachine, messages);
}
