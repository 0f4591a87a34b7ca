// The words a 422 uses for a problem the schema has no message of its own for, through zod's own
// parse with the error map the handlers pass (packages/domain/src/validation-messages.ts).
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import * as classic from 'zod';
import { validationMessage } from '@cter/domain';

const issues = (schema: z.ZodMiniType, value: unknown) => {
  const result = z.safeParse(schema, value, { error: validationMessage });
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('validationMessage', () => {
  const Person = z.strictObject({
    name: z.string(),
    age: z.optional(z.int()),
    id: z.optional(z.uuid()),
    born: z.optional(z.iso.date()),
    role: z.optional(z.enum(['mentor', 'mentee'])),
    kind: z.optional(z.literal('person')),
    tags: z.optional(z.array(z.string()).check(z.minLength(1), z.maxLength(2))),
    code: z.optional(z.string().check(z.regex(/^[a-z]+$/))),
    nickname: z.optional(z.string().check(z.minLength(2, 'at least two letters'))),
  });

  it('says a field is required, or which type it must be', () => {
    expect(issues(Person, {})).toEqual([{ path: 'name', message: 'required' }]);
    expect(issues(Person, { name: 7, age: 'old' })).toEqual([
      { path: 'name', message: 'expected string' },
      { path: 'age', message: 'expected number' },
    ]);
    expect(issues(Person, { name: 'a', age: 1.5 })).toEqual([{ path: 'age', message: 'expected a whole number' }]);
    expect(issues(Person, [])).toEqual([{ path: '', message: 'expected object' }]);
  });

  it('names the format, the allowed values and the limits', () => {
    expect(issues(Person, { name: 'a', id: 'x', born: '1-1-2000', role: 'boss', kind: 'robot', tags: [], code: 'ABC' })).toEqual([
      { path: 'id', message: 'not a valid uuid' },
      { path: 'born', message: 'not a valid date' },
      { path: 'role', message: 'one of mentor, mentee' },
      { path: 'kind', message: 'one of person' },
      { path: 'tags', message: 'at least 1' },
      { path: 'code', message: 'not in the expected form' },
    ]);
    expect(issues(Person, { name: 'a', tags: ['a', 'b', 'c'] })).toEqual([{ path: 'tags', message: 'at most 2' }]);
    expect(issues(Person, { name: 'a', extra: 1, more: 2 })).toEqual([{ path: '', message: 'unknown field: extra, more' }]);
  });

  it('keeps the message a schema gives', () => {
    expect(issues(Person, { name: 'a', nickname: 'x' })).toEqual([{ path: 'nickname', message: 'at least two letters' }]);
  });

  it('lists the tags a discriminated union accepts', () => {
    const Basis = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('consent') }), z.strictObject({ kind: z.literal('law') })]);
    expect(issues(Basis, { kind: 'hunch' })).toEqual([{ path: 'kind', message: 'one of consent, law' }]);
  });

  it('gives the same words where zod\'s English locale is loaded (zod classic)', () => {
    const Schema = classic.strictObject({ name: classic.string(), id: classic.uuid() });
    const result = Schema.safeParse({ id: 'x' }, { error: validationMessage });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(['required', 'not a valid uuid']);
  });
});
