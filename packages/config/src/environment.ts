// The environment variables the CDK app sets on functions and the code in them reads: each name once,
// so infra and a handler cannot disagree on one.
export const ENV = {
  /** The ZVH region the function serves. */
  regionId: 'REGION_ID',
  /** Powertools' service name: the function's service (cases, workflow, covenant, measures). */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  casesTable: 'CASES_TABLE',
  auditTable: 'AUDIT_TABLE',
  /** The region's HMAC key for subject lookup keys and case pseudonyms. */
  subjectLookupKeyId: 'SUBJECT_LOOKUP_KEY_ID',
  /** The configured dates of the laws the covenant relies on (JSON). */
  covenantLawDates: 'COVENANT_LAW_DATES',
  /** The region's bus for partner systems. */
  eventBusName: 'EVENT_BUS_NAME',
  /** The other regions' buses for transfers (JSON: region id -> bus ARN). */
  handoverBuses: 'HANDOVER_BUSES',
  logLevel: 'LOG_LEVEL',
} as const;

/** The variable naming the alias of a state machine (`intake` -> `INTAKE_STATE_MACHINE_ARN`). */
export function stateMachineArnVariable(machine: string): string {
  return `${machine.toUpperCase()}_STATE_MACHINE_ARN`;
}

/**
 * Where Lambda puts a function's code and its layers' Node.js modules, from the root of an execution
 * environment (/var/task, /opt/nodejs/node_modules). The functions import their layer by the path from
 * the one to the other, and the twin and the bench lay functions out the same way.
 */
export const LAMBDA_LAYOUT = { taskRoot: 'var/task', layerModules: 'opt/nodejs/node_modules' } as const;
