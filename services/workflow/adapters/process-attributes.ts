// What the process evaluation may read of the cases table, kept apart (no imports) so the stack
// names the same attributes in the function's IAM condition (infra/lib/region-stack.ts).

/** The attributes of history events and tasks the report reads: keys, types, moments, states. */
export const PROCESS_ATTRIBUTES = ['pk', 'sk', 'type', 'at', 'fromState', 'toState', 'kind', 'status', 'createdAt', 'dueAt', 'expiredBecause'] as const;
/** The partitions it may query: cases (history events and tasks live in the case's partition), advice facts per month. */
export const PROCESS_PARTITIONS = ['CASE#*', 'ADVICE-FACTS#*'] as const;
