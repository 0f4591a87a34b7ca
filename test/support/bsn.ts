// The one generator of test BSNs (tests, the reliability runs and the bench): valid by the 11-test
// (@cter/domain computes the check digit), a different person on every call.
import { bsnCheckDigit } from '@cter/domain';

let counter = 0;
/** A valid BSN that differs per call, so tests never share a person. */
export function uniqueBsn(): string {
  for (;;) {
    counter += 1;
    const base = String((Date.now() % 1e7) * 10 + (counter % 10) + counter * 7919).padStart(8, '0').slice(-8);
    const check = bsnCheckDigit(base);
    if (check !== undefined && base !== '00000000') return `${base}${check}`;
  }
}
