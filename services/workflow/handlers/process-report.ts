// GET /reports/process: the process evaluation of the region for the ZVH process director and the
// steering group, as JSON or (Accept: text/csv, or format=csv) CSV. De-identified: computed from the
// cases' history events and tasks, no ids out, cells of fewer than five cases suppressed.
import { reportRangeProblem, ValidationFailed } from '@cter/domain';
import { httpRoute, logger } from '@cter/http';
import * as routes from '@cter/routes/workflow';
import { requiredEnv } from '@cter/store';
import { ProcessRecords } from '../adapters/process-records';
import { buildProcessReport, dayOf } from '../domain/process-report';
import { renderProcessCsv } from '../domain/process-report-csv';
import { ENV } from '@cter/config';

const records = new ProcessRecords({ cases: requiredEnv(ENV.casesTable), audit: requiredEnv(ENV.auditTable) });
const region = requiredEnv(ENV.regionId);

export const handler = httpRoute(routes.processReport, {
  handle: async (request) => {
    const { caller, query } = request;
    const problem = reportRangeProblem(query.from, query.to);
    if (problem) throw new ValidationFailed('the range is not valid', [problem]);
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/i.test(request.headers.accept ?? ''));
    const [cases, advice] = await Promise.all([records.casesFor(query.from, query.to), records.adviceFactsFor(query.from, query.to)]);
    const report = buildProcessReport({ region, from: query.from, to: query.to, asOf: dayOf(new Date().toISOString()), cases, advice });
    await records.audit({ organisationId: caller.organisation.id, principalArn: caller.principalArn, regionId: region, requestId: request.requestId, from: query.from, to: query.to, format: csv ? 'csv' : 'json' });
    logger.info('process report', { cases: cases.length, rows: report.rows.length });
    if (csv) {
      const name = `cter-process-${region}-${query.from}-${query.to}.csv`;
      return { status: 200, raw: renderProcessCsv(report), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` } };
    }
    return { status: 200, body: report };
  },
});
