// The log formatter's defence in depth: personal data passed to a log call by mistake is masked at
// any depth, and only domain errors keep their message. (test/e2e/log-redaction.test.ts checks the
// real functions' output on the twin.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { NotFound } from '@cter/domain';
import { correlationIdOf, REDACTED, RedactingLogFormatter } from '@cter/http';

const BSN = '123456782';

function logged(log: (logger: Logger) => void): Record<string, any> {
  const lines: string[] = [];
  // The logger's own console: info to stdout, warn and error to stderr.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
  }
  log(new Logger({ serviceName: 'test', logFormatter: new RedactingLogFormatter() }));
  vi.restoreAllMocks();
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

afterEach(() => vi.restoreAllMocks());

describe('the redacting log formatter', () => {
  it('masks values under personal-data keys at any depth, whatever their spelling', () => {
    const line = logged((logger) =>
      logger.info('call', {
        caseId: 'c-1',
        request: { body: { subject: { name: 'Jan' } }, nested: [{ Birth_Date: '2001-02-03', reasoning: 'vrije tekst', outcome: 'admit' }] },
        detail: { deeper: { still: { address: { street: 'Dorpsstraat' } } } },
      }),
    );
    expect(line).toMatchObject({ level: 'INFO', message: 'call', service: 'test', caseId: 'c-1' });
    expect(line.request).toEqual({ body: REDACTED, nested: [{ Birth_Date: REDACTED, reasoning: REDACTED, outcome: 'admit' }] });
    expect(line.detail.deeper.still.address).toBe(REDACTED);
    expect(JSON.stringify(line)).not.toMatch(/Jan|2001-02-03|vrije tekst|Dorpsstraat/);
  });

  it('masks a valid BSN in any logged string, not other nine-digit numbers or longer ones', () => {
    const line = logged((logger) => logger.info('call', { hint: `bsn ${BSN}`, other: '123456789', longer: `1${BSN}` }));
    expect(line).toMatchObject({ hint: `bsn ${REDACTED}`, other: '123456789', longer: `1${BSN}` });
  });

  it('leaves ids alone whose hex groups happen to hold a valid BSN (a request id is a UUID)', () => {
    const requestId = `6bd22944-dd56-46c8-9bf9-${BSN}f3e`;
    expect(logged((logger) => logger.info('call', { requestId, quoted: `"${BSN}"`, listed: `a,${BSN};` }))).toMatchObject({ requestId, quoted: `"${REDACTED}"`, listed: `a,${REDACTED};` });
  });

  it('keeps only the class and location of an error that is not a domain error', () => {
    const sdk = Object.assign(new Error(`Item {bsn: ${BSN}, name: Jan} failed`), { name: 'ValidationException', CancellationReasons: [{ Item: { name: 'Jan' } }] });
    const line = logged((logger) => logger.error('failed', sdk));
    expect(line.error).toEqual({ name: 'ValidationException', location: expect.any(String) });
    expect(JSON.stringify(line)).not.toMatch(/Jan|123456782|Item/);
  });

  it('keeps the code and message of a domain error, nested errors too', () => {
    const line = logged((logger) => logger.warn('refused', { outcome: { cause: new NotFound('task t-1 not found on this case') } }));
    expect(line.outcome.cause).toMatchObject({ name: 'NotFound', code: 'NotFound', message: 'task t-1 not found on this case' });
  });
});

describe('correlation ids', () => {
  it.each(['abc', 'A.b_c-1', 'x'.repeat(64)])('takes the caller id %s', (id) => expect(correlationIdOf(id, 'fallback')).toBe(id));
  it.each(['', 'x'.repeat(65), 'with space', 'naam@example.nl', '{"a":1}', undefined, 42])('falls back for %s', (id) => expect(correlationIdOf(id, 'fallback')).toBe('fallback'));
});
