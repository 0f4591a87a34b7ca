// Where anonymous advice requests (adviesvraag) live in a region's cases table: the cases service
// writes them, the covenant's retention run destroys them, a process report counts their facts.
// Every list and count is a Query on a known partition, never a scan.
//
//   pk ADVICE#<id>                sk ADVICE                    the request: concern, contact, thread, status, dates
//   pk ADVICE-ASKER#<orgId>       sk <createdAt>#<id>          summary per asking organisation (its list)
//   pk ADVICE-REGION              sk <createdAt>#<id>          summary of every request of the region (the specialist's list)
//   pk ADVICE-RETENTION           sk <deleteAfter>#<id>        retention queue (ids and dates only)
//   pk ADVICE-FACTS#<YYYY-MM>     sk <at>#<kind>#<id>          opened | answered | converted, per month (ids, kinds, moments)
//
// Summaries, queue and facts carry no text: the concern and the thread are in the request item only.
import type { EntityItem } from './case-partition';

export const adviceKey = (adviceRequestId: string) => ({ pk: `ADVICE#${adviceRequestId}`, sk: 'ADVICE' });
export const adviceAskerPk = (organisationId: string) => `ADVICE-ASKER#${organisationId}`;
export const ADVICE_REGION_PK = 'ADVICE-REGION';
export const ADVICE_RETENTION_QUEUE = 'ADVICE-RETENTION';
export const adviceRetentionKey = (deleteAfter: string, adviceRequestId: string) => ({ pk: ADVICE_RETENTION_QUEUE, sk: `${deleteAfter}#${adviceRequestId}` });

/** The facts a process report counts; `answered` is the specialist's first message (answer or question back). */
export type AdviceFactKind = 'opened' | 'answered' | 'converted';
/** The month partition of a fact (UTC): a quarter is three Queries, a year twelve. */
export const adviceFactsPk = (at: string) => `ADVICE-FACTS#${at.slice(0, 7)}`;

export interface AdviceSummary {
  adviceRequestId: string;
  askedBy: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  caseId?: string;
}

/** The two list items of a request (asker's and region's), rewritten with every change of its status. */
export function adviceSummaryItems(summary: AdviceSummary): EntityItem[] {
  const sk = `${summary.createdAt}#${summary.adviceRequestId}`;
  return [
    { pk: adviceAskerPk(summary.askedBy), sk, entity: 'advice-summary', ...summary },
    { pk: ADVICE_REGION_PK, sk, entity: 'advice-summary', ...summary },
  ];
}

export function adviceRetentionItem(adviceRequestId: string, deleteAfter: string): EntityItem {
  return { ...adviceRetentionKey(deleteAfter, adviceRequestId), entity: 'advice-retention', adviceRequestId, deleteAfter };
}

/** A countable fact of a request: no text, no person; kept after the request is destroyed. */
export function adviceFactItem(fact: { kind: AdviceFactKind; at: string; adviceRequestId: string; regionId: string; askerType: string }): EntityItem {
  return { pk: adviceFactsPk(fact.at), sk: `${fact.at}#${fact.kind}#${fact.adviceRequestId}`, entity: 'advice-fact', ...fact };
}
