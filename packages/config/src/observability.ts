// The observability contract between the functions (which emit) and the region stack (which
// charts and alarms). One place, so a renamed metric cannot silently leave an alarm without data.

/** CloudWatch namespace of every business metric the functions emit (Powertools Metrics, EMF). */
export const METRICS_NAMESPACE = 'CTER';

/** Powertools `serviceName` for metrics: one value, so the `service` dimension is predictable. */
export const METRICS_SERVICE = 'cter-platform';

/**
 * Business metrics. Every one is emitted with exactly the dimensions `service` (METRICS_SERVICE)
 * and `region` (the ZVH region id), unit Count. Alarms and the dashboard use the same set.
 */
export const BUSINESS_METRICS = {
  /** A new signal was registered (POST /signals, 201; a replay is not counted). */
  signalsReceived: 'SignalsReceived',
  /** A decision was recorded on a workflow task (POST /tasks/{id}/decision, accepted). */
  decisionsRecorded: 'DecisionsRecorded',
  /** Workflow tasks found past their due date by the expiry sweep. */
  tasksOverdue: 'TasksOverdue',
  /** A proposed disclosure that the covenant rules refused. */
  disclosuresRefused: 'DisclosuresRefused',
} as const;

export type BusinessMetric = (typeof BUSINESS_METRICS)[keyof typeof BUSINESS_METRICS];
