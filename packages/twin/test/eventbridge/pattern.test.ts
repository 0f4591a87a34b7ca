// EventBridge event pattern semantics: each operator against matching and non-matching events, and
// the patterns the service rejects. Cases follow the EventBridge user guide and AWS-validated examples.
import { describe, expect, it } from 'vitest';
import { compileEventPattern, InvalidEventPatternError } from '../../src/eventbridge/index.js';

const event = (detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'case.closed',
  source: 'cter.cases',
  account: '000000000000',
  time: '2030-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:dynamodb:eu-west-1:000000000000:table/cases'],
  detail,
  ...extra,
});
const matches = (pattern: object, e: object) => compileEventPattern(pattern)(e);

describe('event patterns', () => {
  it('matches exact values (OR within a list, AND across fields) and nested detail fields', () => {
    const pattern = { source: ['cter.cases', 'cter.measures'], 'detail-type': ['case.closed'], detail: { confidentiality: ['internal'] } };
    expect(matches(pattern, event({ confidentiality: 'internal' }))).toBe(true);
    expect(matches(pattern, event({ confidentiality: 'secret' }))).toBe(false);
    expect(matches(pattern, event({}))).toBe(false);
    expect(matches(pattern, event({ confidentiality: 'internal' }, { source: 'other' }))).toBe(false);
    // Numbers, booleans and null are typed: "3" is not 3.
    expect(matches({ detail: { n: [3] } }, event({ n: 3 }))).toBe(true);
    expect(matches({ detail: { n: [3] } }, event({ n: '3' }))).toBe(false);
    expect(matches({ detail: { flag: [true] } }, event({ flag: true }))).toBe(true);
    expect(matches({ detail: { gone: [null] } }, event({ gone: null }))).toBe(true);
    expect(matches({ detail: { gone: [null] } }, event({}))).toBe(false);
  });

  it('flattens arrays: a value matches when any element does', () => {
    expect(matches({ resources: [{ prefix: 'arn:aws:dynamodb' }] }, event({}))).toBe(true);
    expect(matches({ detail: { ids: ['b'] } }, event({ ids: ['a', 'b'] }))).toBe(true);
    expect(matches({ detail: { parties: { role: ['police'] } } }, event({ parties: [{ role: 'municipality' }, { role: 'police' }] }))).toBe(true);
    // An empty event array has no values: [null] does not match it (AWS-validated).
    expect(matches({ resources: [null] }, event({}, { resources: [] }))).toBe(false);
  });

  it('prefix and suffix, also case-insensitive', () => {
    expect(matches({ 'detail-type': [{ prefix: 'case.' }] }, event({}))).toBe(true);
    expect(matches({ 'detail-type': [{ prefix: 'measure.' }] }, event({}))).toBe(false);
    expect(matches({ 'detail-type': [{ suffix: '.closed' }] }, event({}))).toBe(true);
    expect(matches({ 'detail-type': [{ prefix: { 'equals-ignore-case': 'CASE.' } }] }, event({}))).toBe(true);
    expect(matches({ 'detail-type': [{ suffix: { 'equals-ignore-case': '.CLOSED' } }] }, event({}))).toBe(true);
    expect(matches({ detail: { n: [{ prefix: '1' }] } }, event({ n: 12 }))).toBe(false);
  });

  it('anything-but: values, lists, prefix/suffix; needs the field present; null and numbers are "anything but" a string', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'closed' }] } }, event({ state: 'open' }))).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': 'closed' }] } }, event({ state: 'closed' }))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': 'closed' }] } }, event({}))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, event({ state: null }))).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['closed', 'archived'] }] } }, event({ state: 'archived' }))).toBe(false);
    expect(matches({ detail: { n: [{ 'anything-but': [1, 2] }] } }, event({ n: 3 }))).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event({ state: 'initializing' }))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event({ state: 12 }))).toBe(true);
    expect(matches({ detail: { file: [{ 'anything-but': { suffix: '.tmp' } }] } }, event({ file: 'a.txt' }))).toBe(true);
    expect(matches({ detail: { file: [{ 'anything-but': { 'equals-ignore-case': ['A.TXT'] } }] } }, event({ file: 'a.txt' }))).toBe(false);
    expect(matches({ detail: { file: [{ 'anything-but': { wildcard: '*/tmp/*' } }] } }, event({ file: 'x/tmp/y' }))).toBe(false);
  });

  it('numeric: comparisons and ranges, on JSON numbers only', () => {
    const range = { detail: { score: [{ numeric: ['>', 0, '<=', 5] }] } };
    expect(matches(range, event({ score: 5 }))).toBe(true);
    expect(matches(range, event({ score: 0 }))).toBe(false);
    expect(matches(range, event({ score: '3' }))).toBe(false);
    expect(matches({ detail: { score: [{ numeric: ['=', 301.8] }] } }, event({ score: 3.018e2 }))).toBe(true);
    expect(matches({ detail: { score: [{ numeric: ['>=', 10] }] } }, event({ score: 9 }))).toBe(false);
  });

  it('exists: true only for leaf values, false for missing fields', () => {
    expect(matches({ detail: { caseId: [{ exists: true }] } }, event({ caseId: 'c-1' }))).toBe(true);
    expect(matches({ detail: { caseId: [{ exists: true }] } }, event({}))).toBe(false);
    expect(matches({ detail: { caseId: [{ exists: false }] } }, event({}))).toBe(true);
    expect(matches({ detail: { caseId: [{ exists: false }] } }, event({ caseId: 'c-1' }))).toBe(false);
    // exists works on leaves: an object value does not "exist".
    expect(matches({ detail: { nested: [{ exists: true }] } }, event({ nested: { a: 1 } }))).toBe(false);
    expect(matches({ detail: { a: { b: { c: [{ exists: false }] } } } }, event({ a: 'scalar' }))).toBe(true);
  });

  it('equals-ignore-case, wildcard and cidr', () => {
    expect(matches({ 'detail-type': [{ 'equals-ignore-case': 'CASE.CLOSED' }] }, event({}))).toBe(true);
    expect(matches({ detail: { path: [{ wildcard: 'regions/*/cases/*' }] } }, event({ path: 'regions/kennemerland/cases/c-1' }))).toBe(true);
    expect(matches({ detail: { path: [{ wildcard: 'regions/*/cases' }] } }, event({ path: 'regions/x/measures' }))).toBe(false);
    expect(matches({ detail: { path: [{ wildcard: 'a\\*b' }] } }, event({ path: 'a*b' }))).toBe(true);
    expect(matches({ detail: { path: [{ wildcard: 'a\\*b' }] } }, event({ path: 'axxb' }))).toBe(false);
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, event({ ip: '10.0.0.7' }))).toBe(true);
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, event({ ip: '10.0.1.7' }))).toBe(false);
    expect(matches({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, event({ ip: '2001:db8::1' }))).toBe(true);
  });

  it('$or: any alternative at its level, AND-ed with the sibling fields', () => {
    const pattern = {
      source: ['cter.cases'],
      detail: { $or: [{ score: [{ numeric: ['>', 0, '<=', 5] }] }, { urgent: [true] }, { region: [{ prefix: 'kenn' }] }] },
    };
    expect(matches(pattern, event({ score: 3 }))).toBe(true);
    expect(matches(pattern, event({ urgent: true }))).toBe(true);
    expect(matches(pattern, event({ region: 'kennemerland' }))).toBe(true);
    expect(matches(pattern, event({ score: 9, urgent: false }))).toBe(false);
    expect(matches(pattern, event({ urgent: true }, { source: 'other' }))).toBe(false);
    // $or at the top level, across envelope fields.
    expect(matches({ $or: [{ source: ['x'] }, { 'detail-type': ['case.closed'] }] }, event({}))).toBe(true);
  });

  it('rejects patterns the service rejects', () => {
    const invalid: unknown[] = [
      '{not json',
      [],
      { source: 'cter.cases' },
      { source: [] },
      { detail: { n: [{ numeric: ['>', 0, '>', 0] }] } },
      { detail: { n: [{ numeric: ['>', 'x'] }] } },
      { detail: { s: [{ 'anything-but': null }] } },
      { detail: { s: [{ 'anything-but': [null] }] } },
      { detail: { s: [{ 'anything-but': { prefix: '' } }] } },
      { detail: { s: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'x' } } }] } },
      { detail: { s: [{ 'equals-ignore-case': { prefix: 'x' } }] } },
      { detail: { s: [{ wildcard: 'a**b' }] } },
      { detail: { s: [{ exists: 'yes' }] } },
      { detail: { s: [{ cidr: '10.0.0.0/33' }] } },
      { detail: { s: [{ 'no-such-operator': 1 }] } },
      { detail: { s: [{ prefix: 'a', suffix: 'b' }] } },
      { $or: [{ source: ['x'] }] },
    ];
    for (const pattern of invalid) expect(() => compileEventPattern(pattern), JSON.stringify(pattern)).toThrow(InvalidEventPatternError);
  });
});
