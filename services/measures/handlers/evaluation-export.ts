// GET /measures/evaluation-export: aggregated, de-identified figures per measure type, target group,
// region and quarter for the programme evaluation, as JSON or CSV. Small cells are suppressed
// (disclosure-control.ts in @cter/domain); the records it reads hold no case ids, and the output holds no ids at all.
import { amsterdamDate, ValidationFailed } from '@cter/domain';
import { httpRoute, logger } from '@cter/http';
import { quartersOf } from '@cter/measures-domain/contract/periods';
import { buildEvaluationExport } from '@cter/measures-domain/evaluation-export';
import { renderExportCsv } from '@cter/measures-domain/export-render';
import * as routes from '@cter/routes/measures';
import * as measures from '../adapters/measures-repository';

export const handler = httpRoute(routes.evaluationExport, {
  handle: async (request) => {
    const { caller, query } = request;
    const quarters = quartersOf(query.period);
    if (!quarters) throw new ValidationFailed('the period is not valid', [{ path: 'period', message: 'a quarter, a year, or a range of at most twelve quarters, oldest first' }]);
    const records = (await Promise.all(quarters.map((q) => measures.evaluationRecords(q)))).flat();
    const data = { ...buildEvaluationExport({ records, asOf: amsterdamDate(new Date()) }), period: query.period, quarters };
    logger.info('evaluation export', { quarters: quarters.length, rows: data.rows.length, suppressed: data.rows.filter((r) => r.suppressed).length });
    if (query.format === 'csv') {
      const name = `cter-measures-evaluation-${query.period.replace(/\./g, '-')}.csv`;
      return { status: 200, raw: renderExportCsv(data), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` } };
    }
    return { status: 200, body: data };
  },
});
