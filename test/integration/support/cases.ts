// Cases for repository and handler tests, opened the platform's way (openCase of @cter/case-store),
// with unique ids and, where a test lists them, a municipality of their own.
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@cter/store';
import { openCase, type CaseRecord, type HistoryEvent } from '@cter/case-store';
import { uniqueBsn } from '../../support/bsn';
import { REGION } from './local-env';

export function newCase(municipality = 'haarlem', at = new Date().toISOString()): { record: CaseRecord; event: HistoryEvent } {
  return openCase({
    caseId: randomUUID(),
    caseNumber: `KEN-2026-${randomUUID().slice(0, 6)}`,
    regionId: REGION,
    signal: {
      subject: { name: 'Repository Persoon', bsn: uniqueBsn(), birthDate: '2005-03-14', municipality },
      reason: 'Zorgen',
      reporter: { name: 'Mentor', phone: '+31 6 1234 5678' },
    },
    reportingOrganisation: 'politie',
    at,
  });
}

export function audit(caseId: string, action: AuditEntry['action'] = 'write'): AuditEntry {
  return { caseId, action, route: 'TEST', organisationId: 'politie', regionId: REGION, principalArn: 'arn:aws:sts::000000000000:assumed-role/cter-kennemerland-politie/test', categories: ['identity'], purpose: 'test', requestId: randomUUID() };
}
