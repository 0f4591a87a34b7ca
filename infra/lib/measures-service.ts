// The measures service of a region: catalogue, plan of action, measure lifecycle, ONE-on-ONE and the
// evaluation export. One function per route of the registry (@cter/routes), each with only the table
// actions its entry grants; every function that touches personal data may append to the audit table
// and nothing more.
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RegionConfig } from '@cter/config';
import type { RegionData } from './data';
import { routeFunction, routesOf, type RouteFunction } from './route-function';

export class MeasuresService extends Construct {
  /** The API routes of the service, for the region's API. */
  readonly routes: RouteFunction[];

  constructor(scope: Construct, id: string, props: { region: RegionConfig; data: RegionData; logGroup: logs.ILogGroup }) {
    super(scope, id);
    this.routes = routesOf('measures').map((entry) => routeFunction(this, entry, props));
  }
}
