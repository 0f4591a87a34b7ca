// How a function validates a route's path, query and body at run time. Each route's validators are
// generated from its zod schemas (`npm run validators`, tools/compile-validators.ts) into
// src/compiled/: zod's own compiler (`compileFn` of zod/v4/core) writes the parser of a valid
// request as plain code, and only a request that parser turns away loads zod and the schema (a
// dynamic import) to say what is wrong. So a function whose requests are valid never builds a zod
// schema: zod's code, compiled by V8 at the first schema, was 0.08x to 0.13x of a cold start.
// A schema the compiler cannot model (a superRefine) is validated by zod, built at import.
import type * as z from 'zod/v4/core';
import type { checkRequest, Outcome } from '@cter/domain/schemas';

/** What a generated parser answers for input it does not accept (zod's own sentinel). */
export const INVALID: unique symbol = Symbol.for('zod.compile.invalid') as never;

export type { Outcome };

/** Validates one part of a request: its parsed value (zod's output), or the details of a 422. */
export interface Validator<T> {
  (input: unknown): Outcome<T> | Promise<Outcome<T>>;
  /** Phantom: the parsed type, for the handler's request type. */
  readonly __output?: T;
}

type Check = typeof checkRequest;

/**
 * A generated parser first; what it turns away goes to zod, loaded then. zod decides: the parser's
 * INVALID may also stand for "cannot tell" (a refinement that throws), and zod may still accept.
 */
export function compiled<T>(parse: (input: unknown) => unknown, load: () => Promise<{ schema: z.$ZodType; check: Check }>): Validator<T> {
  return (input) => {
    const value = parse(input);
    if (value !== INVALID) return { ok: true, value: value as T };
    return load().then(({ schema, check }) => check(schema, input) as Outcome<T>);
  };
}

/**
 * A generated parser alone, for input that comes from the platform itself (a workflow step's, from its
 * state machine): what it turns away is refused without details, so zod is not even in the bundle.
 * Its refinements must answer, not throw (then INVALID means refused, as zod would say).
 */
export function parsedOnly<T>(parse: (input: unknown) => unknown): Validator<T> {
  return (input) => {
    const value = parse(input);
    return value === INVALID ? { ok: false, details: [] } : { ok: true, value: value as T };
  };
}

/** A schema validated by zod itself (built at import). */
export function interpreted<T>(schema: z.$ZodType, check: Check): Validator<T> {
  return (input) => check(schema, input) as Outcome<T>;
}

// The helpers zod's generated code calls, as zod/v4/core's util defines them (copied: importing
// util would put zod's modules back into every function's start).
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Code points in `str` (a surrogate pair counts once): zod's measure of a string's length. */
export function codePointLength(str: string): number {
  const units = str.length;
  if (!HIGH_SURROGATE.test(str)) return units;
  let count = units;
  for (let i = 0; i < units - 1; i++) {
    if ((str.charCodeAt(i) & 0xfc00) === 0xd800 && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

function isPlainObject(o: unknown): o is Record<string, unknown> {
  if (o === null || typeof o !== 'object') return false;
  const proto = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/** A default's fresh copy for each parse. */
export function shallowClone<T>(o: T): T {
  if (isPlainObject(o)) return { ...o } as T;
  if (Array.isArray(o)) return [...o] as T;
  return o;
}

/** zod throws for an async check reached in a synchronous parse; so does the generated code. */
export function throwAsync(): never {
  throw new Error('an async refinement in a synchronous parse');
}

/** A query's numeric parameters made numbers, as `z.coerce.number()` does, before a generated parse. */
export function coerceNumbers(input: unknown, keys: readonly string[]): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...input };
  for (const key of keys) if (out[key] !== undefined) out[key] = Number(out[key]);
  return out;
}
