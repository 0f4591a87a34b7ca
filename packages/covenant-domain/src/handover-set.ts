// What a warm transfer hands over, as its disclosure record holds it. Wasm-free: the transfer step
// that sends the set imports this, never the Cedar engine (the decision is taken with the offer).
import type { DisclosureRecord } from './disclosure';

/** The receiving ZVH, named with its region: organisation ids are unique within a region only. */
export const handoverRecipientId = (toRegion: string) => `${toRegion}/zvh`;

export interface HandoverSubject {
  name: string;
  bsn: string;
  birthDate: string;
}

export const HANDOVER_LABELS = ['name', 'bsn', 'birthDate'] as const;

/** The hand-over set as recorded in its disclosure to the ZVH of `toRegion`: what the transfer may send. */
export function handoverSubjectOf(record: Pick<DisclosureRecord, 'purpose' | 'items' | 'recipientIds'>, toRegion: string): HandoverSubject {
  if (record.purpose !== 'transfer' || !record.recipientIds.includes(handoverRecipientId(toRegion))) throw new Error(`the disclosure is no hand-over to ${toRegion}`);
  const value = (label: (typeof HANDOVER_LABELS)[number]) => {
    const item = record.items.find((i) => i.category === 'identity' && i.label === label);
    if (!item) throw new Error(`the hand-over disclosure holds no ${label}`);
    return item.content;
  };
  return { name: value('name'), bsn: value('bsn'), birthDate: value('birthDate') };
}
