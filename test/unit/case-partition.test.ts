// Every kind of item the platform writes is placed: under a case's partition (then the subject report
// says where it shows it, or why not) or in a partition of its own. A new `entity` written anywhere in
// services/ or packages/ that is placed nowhere fails here, so subject access cannot silently miss it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_PARTITION_KINDS, OUTSIDE_CASE_PARTITION } from '@cter/store';
import { REPORTED_KINDS } from '../../services/covenant/domain/subject-report';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'test' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** The kinds written as `entity: 'x'` or `':entity': 'x'` in the services' and packages' sources. */
function writtenKinds(): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const file of [...sources(path.join(ROOT, 'services')), ...sources(path.join(ROOT, 'packages'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?<![#.\w])['"]?:?entity['"]?\s*:\s*'([a-z-]+)'/g)) kinds.set(match[1]!, path.relative(ROOT, file));
  }
  return kinds;
}

describe('the kinds of item in the cases table', () => {
  it('every kind written is placed in a case partition or outside one', () => {
    const placed = new Set<string>([...Object.keys(CASE_PARTITION_KINDS), ...OUTSIDE_CASE_PARTITION]);
    const written = writtenKinds();
    expect(written.size).toBeGreaterThan(10);
    const unplaced = [...written].filter(([kind]) => !placed.has(kind)).map(([kind, file]) => `${kind} (${file})`);
    expect(unplaced, 'add each to CASE_PARTITION_KINDS or OUTSIDE_CASE_PARTITION in packages/store/src/case-partition.ts').toEqual([]);
  });

  it('the subject report places every kind of the case partition: a section, or a reason to withhold', () => {
    expect(Object.keys(REPORTED_KINDS).sort()).toEqual(Object.keys(CASE_PARTITION_KINDS).sort());
    const withheld = Object.entries(REPORTED_KINDS).filter(([, p]) => 'withheld' in p).map(([k]) => k);
    // Only bookkeeping is withheld: everything with content about the person has a section.
    expect(withheld.sort()).toEqual(['event', 'reference']);
  });
});
