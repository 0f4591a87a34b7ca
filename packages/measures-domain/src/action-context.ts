// Who does something and when. Passed into every state-changing domain function, so the domain
// never reads a clock or trusts an organisation id from a request body.
import * as z from 'zod/mini';
import { Actor, IsoDateTime } from './references';
import { parseInput } from './validation';

export const ActionContext = /* @__PURE__ */ (() => z.strictObject({ actor: Actor, at: IsoDateTime }))();
export type ActionContext = z.infer<typeof ActionContext>;

export function parseContext(context: ActionContext): ActionContext {
  return parseInput(ActionContext, context, 'action context');
}
