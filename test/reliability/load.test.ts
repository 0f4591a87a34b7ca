// A bounded load run on loopback against a twin of its own: mixed reads and writes at a fixed rate
// (open loop) for 60 s after 10 s of warm-up (LOAD_RATE, LOAD_SECONDS), with throughput,
// p50/p99 and the error rate printed. Zero errors expected. The same run is `npm run bench -- load`.
import { expect, it } from 'vitest';
import { formatLoad, runLoad } from '../../bench/support/load-run';
import { useOwnTwin } from '../support/own-twin';
import { rawSignedCall } from '../support/raw-signed-call';
import { signalFor } from '../support/signed-client';

const own = useOwnTwin();
const RATE = Number(process.env.LOAD_RATE ?? 20);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

it(`serves ${RATE} requests/s of mixed partner work for ${SECONDS} s without an error`, async () => {
  const figures = await runLoad({
    // A signer per profile, kept (as an SDK client keeps it): the client's own cost stays small.
    send: async (profile, method, pathAndQuery, body) => {
      const twin = own.twin();
      const credential = twin.credentials.find((c) => c.profile === profile)!;
      const options = body === undefined ? {} : { rawBody: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
      const reply = await rawSignedCall(twin.endpoints.regions[profile.split('.')[0]!]!, credential, method, pathAndQuery, options);
      return { status: reply.status, body: reply.body };
    },
    region: 'kennemerland',
    municipality: 'haarlem',
    rate: RATE,
    durationSeconds: SECONDS,
    signal: (municipality) => signalFor(municipality),
  });
  console.log(formatLoad(figures));
  expect(figures.errorSamples).toEqual([]);
  expect(figures.errors).toBe(0);
  expect(figures.warmupErrors).toBe(0);
  expect(figures.completed).toBe(figures.sent);
}, (SECONDS + 300) * 1000);
