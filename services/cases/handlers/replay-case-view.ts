// How a repeat of a write that answers with the case view (PATCH, participants, transfers) shows
// the case again: as it is now, at the level the caller has now (the idempotency record keeps no view).
import type { ReplayRenderer } from '@cter/store';
import { caseView, viewCategories, type CaseRecord } from '@cter/case-store';

export const replayCaseView: ReplayRenderer = (stored, { record, level }) => {
  const current = record as unknown as CaseRecord;
  return { status: stored.status, headers: { ...stored.headers, etag: `"${current.version}"` }, body: caseView(current, level), categories: viewCategories(level) };
};
