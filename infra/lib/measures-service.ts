// The measures service of a region: catalogue, plan of action, measure lifecycle, ONE-on-ONE and the
// evaluation export. One function per route, each with only the table actions it needs; every
// function that touches personal data may append to the audit table and nothing more.
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RegionConfig } from '@cter/config';
import { ServiceFunction } from './constructs/service-function';
import type { RegionData } from './data';
import { grantAuditAppend, grantTable, type TableAction } from './grants';

interface MeasuresFunction {
  /** Construct id; the entry is services/measures/handlers/<kebab-case of it>.ts (the bench relies on it). */
  id: string;
  route: string;
  description: string;
  cases: TableAction[];
  /** Reads or writes personal data of a case, so appends audit records. */
  audited: boolean;
}

// UpdateItem where a mentor's place is taken or given back; ConditionCheckItem where a note or
// session is written only while the plan is still the revision read; Query for notes, sessions,
// the mentor pool and the evaluation records (no scans anywhere).
const FUNCTIONS: MeasuresFunction[] = [
  { id: 'GetCatalogue', route: 'GET /measures/catalogue', description: 'Reads the measures catalogue', cases: [], audited: false },
  { id: 'GetPlan', route: 'GET /cases/{caseId}/plan', description: 'Reads the plan of action shaped to the caller', cases: ['GetItem', 'Query'], audited: true },
  { id: 'DraftPlan', route: 'POST /cases/{caseId}/plan', description: 'Drafts or revises the plan of action', cases: ['GetItem', 'PutItem', 'UpdateItem'], audited: true },
  { id: 'GetSuggestions', route: 'GET /cases/{caseId}/measures/suggestions', description: 'Suggests fitting catalogue measures with reasons', cases: ['GetItem'], audited: true },
  { id: 'TransitionMeasure', route: 'POST /cases/{caseId}/measures/{measureId}/transitions', description: 'Starts or ends a measure by its owner', cases: ['GetItem', 'PutItem', 'UpdateItem'], audited: true },
  { id: 'AddProgressNote', route: 'POST /cases/{caseId}/measures/{measureId}/notes', description: 'Records a progress note by the owner', cases: ['GetItem', 'PutItem', 'ConditionCheckItem'], audited: true },
  { id: 'LogSession', route: 'POST /cases/{caseId}/measures/{measureId}/sessions', description: 'Logs a ONE-on-ONE session by the mentor', cases: ['GetItem', 'PutItem', 'ConditionCheckItem'], audited: true },
  { id: 'MatchMentor', route: 'POST /cases/{caseId}/measures/{measureId}/mentor', description: 'Matches a young person to a ONE-on-ONE mentor', cases: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], audited: true },
  { id: 'PutMentor', route: 'PUT /measures/mentors/{mentorId}', description: 'Keeps a mentor of the region pool', cases: ['UpdateItem'], audited: false },
  { id: 'EvaluationExport', route: 'GET /measures/evaluation-export', description: 'Exports de-identified evaluation figures', cases: ['Query'], audited: false },
];

const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export class MeasuresService extends Construct {
  /** The API routes of the service, for the region's API. */
  readonly routes: Array<{ route: string; handler: NodejsFunction }> = [];

  constructor(scope: Construct, id: string, props: { region: RegionConfig; data: RegionData; logGroup: logs.ILogGroup }) {
    super(scope, id);
    const { region, data } = props;
    for (const spec of FUNCTIONS) {
      const fn = new ServiceFunction(this, spec.id, {
        entry: `services/measures/handlers/${kebab(spec.id)}.ts`,
        description: `${spec.description} (${region.id})`,
        invocation: { by: 'api' },
        environment: { REGION_ID: region.id, POWERTOOLS_SERVICE_NAME: 'measures' },
        logGroup: props.logGroup,
      }).function;
      if (spec.cases.length) grantTable(fn, 'CASES_TABLE', data.casesTable, spec.cases);
      // Functions that read no personal data still load the shared environment module: name the table, grant nothing.
      if (spec.audited) grantAuditAppend(fn, data.auditTable);
      else if (spec.cases.length) fn.addEnvironment('AUDIT_TABLE', data.auditTable.tableName);
      this.routes.push({ route: spec.route, handler: fn });
    }
  }
}
