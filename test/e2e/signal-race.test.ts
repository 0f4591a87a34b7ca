// The race of one Idempotency-Key under CPU load: twenty copies of one signal at once, while every
// core of the machine is kept busy, must still open exactly one case, and every copy must name it.
// (Issue #12: on a loaded 2-core machine this once gave three cases.)
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { call, signalFor, type Reply } from '../support/signed-client';
import { casesWithBsn } from '../support/tables';

const REGION = 'kennemerland';
const POLICE = `${REGION}.politie`;
const COPIES = 20;
const ROUNDS = 3;

let spinners: Worker[] = [];
afterEach(async () => {
  await Promise.all(spinners.map((w) => w.terminate()));
  spinners = [];
});

/** Sends one copy as a partner system would: an answer lost to a gateway timeout (502/504) is retried with the same key. */
async function copy(signal: unknown, headers: Record<string, string>): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    const reply = await call(POLICE, 'POST', '/signals', { body: signal, headers });
    if (![502, 503, 504].includes(reply.status) || attempt === 4) return reply;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

describe('one Idempotency-Key, many copies at once, on a loaded machine', () => {
  it(`${COPIES} copies of one signal, ${ROUNDS} times with every core busy: one case each time, every reply names it`, async () => {
    // Warm execution environments first: the race is the subject here, not cold starts under load.
    await Promise.all(Array.from({ length: 10 }, () => call(POLICE, 'POST', '/signals', { body: signalFor('haarlem') })));
    spinners = Array.from({ length: Math.max(2, availableParallelism()) }, () => new Worker('for (;;) {}', { eval: true }));
    for (let round = 0; round < ROUNDS; round++) {
      const signal = signalFor('haarlem');
      const headers = { 'idempotency-key': `race-${crypto.randomUUID()}` };
      const replies = await Promise.all(Array.from({ length: COPIES }, () => copy(signal, headers)));
      expect(replies.map((r) => r.status), JSON.stringify(replies.find((r) => r.status !== 201)?.body)).toEqual(Array(COPIES).fill(201));
      expect(new Set(replies.map((r) => r.body.caseId)).size).toBe(1);
      expect(await casesWithBsn(REGION, signal.subject.bsn)).toBe(1);
    }
  }, 120_000);
});
