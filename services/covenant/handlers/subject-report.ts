// POST /subjects/report: subject access (inzage, art. 15 GDPR) for the privacy officer only. The BSN
// travels in the body, never in a URL (paths end up in access logs). Returns everything the region
// stores about the person: every item of each case's partition (the case, its history, tasks,
// consultations, disclosures and to whom, consents, informing, the plan with all its versions, the
// measures, progress notes and ONE-on-ONE sessions) and who accessed the data. The cases are found
// through the subject lookup (and the pending markers of cases not yet under it), their items by one
// query of each partition, never by scanning.
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/covenant';
import { inBatches, PseudonymKey, readCasePartition } from '@cter/store';
import { AuditTrail } from '../adapters/audit-trail';
import { tables } from '../adapters/environment';
import { caseIdsOfSubject } from '../adapters/subject-index';
import type { DisclosureRecord } from '@cter/covenant-domain/disclosure';
import { reportedCaseFile } from '../domain/subject-report';
import { covenantVersionAt } from '@cter/covenant-domain/versions';
import { auditEntry } from './case-access';

const trail = new AuditTrail(tables);
/** The region's HMAC key: the lookup key of the BSN (one GenerateMac per report). */
const keys = PseudonymKey.fromEnvironment();

/** Case partitions read side by side. */
const PARALLEL_CASES = 4;

/** The audit record of a search that found nothing: the search itself is evidenced, under no case. */
const NO_CASE = 'none';

export const handler = httpRoute(routes.subjectReport, {
  handle: async (request) => {
    const { caller, body } = request;
    const now = new Date();
    const caseIds = await caseIdsOfSubject(tables.cases, await keys.subjectKeyOf(body.bsn), body.bsn);
    // A few cases side by side (a person has one or a few); each read audited once its case is read.
    const found = await inBatches(caseIds, PARALLEL_CASES, async (caseId) => {
      const [partition, accessed] = await Promise.all([readCasePartition(tables.cases, caseId), trail.allForCase(caseId)]);
      // A lookup left by a case destroyed halfway (retention deletes the case item last) reports nothing.
      if (!partition.has('case')) return undefined;
      const made = (partition.get('disclosure') ?? []) as unknown as DisclosureRecord[];
      const measures = partition.has('plan') ? ['measure-progress'] : [];
      const categories = ['identity', 'signal', ...measures, ...made.flatMap((d) => d.categories)];
      await trail.recordRead(auditEntry(caller, request, caseId, 'read', [...new Set(categories)], 'subject-access', now));
      // Each kind through its allowlist (domain/subject-report.ts): no tokens, no workflow internals.
      return reportedCaseFile(partition, accessed);
    });
    const reports = found.filter((report) => report !== undefined);
    if (reports.length === 0) await trail.recordRead(auditEntry(caller, request, NO_CASE, 'read', ['identity'], 'subject-access', now));
    return {
      status: 200,
      body: {
        generatedAt: now.toISOString(),
        regionId: caller.regionId,
        covenantVersion: covenantVersionAt(now).id,
        // Deferred informing is listed per case: the privacy officer weighs it before handing the report over.
        cases: reports,
      },
    };
  },
});
