// Who does something and when. Passed into every state-changing domain function, so the domain
// never reads a clock or trusts an organisation id from a request body. The handler makes it from
// the signed request and its own clock (services/measures/handlers/measure-access.ts), so it is typed,
// not parsed.
import type { Actor } from './references';

export interface ActionContext {
  actor: Actor;
  /** When, as an ISO date-time. */
  at: string;
}
