// docs/covenant.md shows which sharing rules change between cter-2023 and the PGA version, generated
// from the published versions: it must never drift from them (npm run covenant:diff rewrites it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COVENANT_DOC, renderCovenantDoc } from '../../packages/covenant-domain/tools/covenant-diff';

describe('the generated covenant comparison in docs/covenant.md', () => {
  it('is what the published versions render (run npm run covenant:diff if not)', () => {
    const current = readFileSync(COVENANT_DOC, 'utf8');
    expect(current).toBe(renderCovenantDoc(current));
    // It names the rule that changes and the law's legal basis.
    expect(current).toMatch(/\| `care-secrecy-needs-consent` \| forbid \| 10\(2\) \|/);
    expect(current).toMatch(/legal basis `wgpa-casusoverleg` added/);
  });
});
