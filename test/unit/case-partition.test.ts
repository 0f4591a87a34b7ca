// Every kind of item the platform writes is placed: under a case's partition (then the subject report
// says where it shows it, or why not) or in a partition of its own. The compiler places the kinds
// written (items are typed EntityItem, whose `entity` is an EntityKind of packages/store/src/case-partition.ts),
// test/e2e/recorded-writes.test.ts checks what is stored; here, the subject report's side.
import { describe, expect, it } from 'vitest';
import { CASE_PARTITION_KINDS } from '@cter/store';
import { REPORTED_KINDS } from '../../services/covenant/domain/subject-report';

describe('the kinds of item in a case partition', () => {
  it('the subject report places every kind of the case partition: a section, or a reason to withhold', () => {
    expect(Object.keys(REPORTED_KINDS).sort()).toEqual(Object.keys(CASE_PARTITION_KINDS).sort());
    const withheld = Object.entries(REPORTED_KINDS).filter(([, p]) => 'withheld' in p).map(([k]) => k);
    // Only bookkeeping is withheld: everything with content about the person has a section.
    expect(withheld.sort()).toEqual(['event', 'reference']);
  });
});
