// One ZVH region: data, functions, API, partner access. Read top to bottom like the diagram.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Organisation, RegionConfig } from '@cter/config';
import { RegionApi } from './api';
import { CASE_INDEXES, RegionData } from './data';
import { ServiceFunction } from './constructs/service-function';
import { grantAuditAppend, grantTable, type TableAction } from './grants';
import { PartnerAccess } from './partner-access';
import { ApiFirewall } from './firewall';
import { acknowledgeRegionFindings } from './nag-acknowledgements';

export interface RegionStackProps extends StackProps {
  region: RegionConfig;
  /** The region's partner organisations; defaults to infra/config. */
  organisations?: Organisation[];
}

interface CasesFunction {
  id: string;
  route: string;
  entry: string;
  description: string;
  cases: TableAction[];
}

/** The cases service: one function per route, each with only the table actions it needs. */
const CASES_FUNCTIONS: CasesFunction[] = [
  { id: 'RegisterSignal', route: 'POST /signals', entry: 'register-signal.ts', description: 'Registers a signal and opens a case', cases: ['GetItem', 'PutItem', 'UpdateItem'] },
  { id: 'ListCases', route: 'GET /cases', entry: 'list-cases.ts', description: 'Lists the cases a partner may see', cases: ['Query'] },
  { id: 'GetCase', route: 'GET /cases/{caseId}', entry: 'get-case.ts', description: 'Reads a case shaped to the caller', cases: ['GetItem'] },
  { id: 'UpdateSubject', route: 'PATCH /cases/{caseId}', entry: 'update-subject.ts', description: 'Corrects the recorded data of the person', cases: ['GetItem', 'PutItem'] },
  { id: 'InviteParticipant', route: 'POST /cases/{caseId}/participants', entry: 'invite-participant.ts', description: 'Invites a partner organisation to a case', cases: ['GetItem', 'PutItem'] },
  { id: 'GetCaseHistory', route: 'GET /cases/{caseId}/history', entry: 'get-case-history.ts', description: 'Reads the history of a case', cases: ['GetItem', 'Query'] },
];

export class RegionStack extends Stack {
  readonly data: RegionData;
  readonly api: RegionApi;
  readonly access: PartnerAccess;

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, props);
    const { region } = props;

    // Data
    this.data = new RegionData(this, 'Data', region);

    // Functions
    const routes = CASES_FUNCTIONS.map((spec) => {
      const { function: fn } = new ServiceFunction(this, spec.id, {
        entry: `services/cases/handlers/${spec.entry}`,
        description: `${spec.description} (${region.id})`,
        environment: { REGION_ID: region.id, POWERTOOLS_SERVICE_NAME: 'cases' },
        logKey: this.data.key,
        logRetentionDays: region.logRetentionDays,
      });
      grantTable(fn, 'CASES_TABLE', this.data.casesTable, spec.cases, spec.route === 'GET /cases' ? CASE_INDEXES.map((i) => i.indexName) : []);
      grantAuditAppend(fn, this.data.auditTable);
      return { route: spec.route, handler: fn };
    });

    // API
    this.api = new RegionApi(this, 'Cases', { region, logKey: this.data.key, routes });
    new ApiFirewall(this, 'Firewall', { api: this.api.api, name: `cter-${region.id}-api` });

    // Access: one role per partner organisation, under the region's boundary
    this.access = new PartnerAccess(this, 'PartnerAccess', { region, api: this.api, ...(props.organisations ? { organisations: props.organisations } : {}) });

    acknowledgeRegionFindings(this);
  }
}
