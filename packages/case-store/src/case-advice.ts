// The thread of an anonymous advice request as a case keeps it once the request became its signal
// (the cases service converts it; the case record holds it as signal data, for the full view only).
import type { AdviceMessageRequest } from '@cter/domain';

export interface AdviceMessageRecord {
  messageId: string;
  kind: AdviceMessageRequest['kind'];
  from: string;
  at: string;
  text: string;
}

/** The thread as the case keeps it after conversion: signal data, for the full view of the case. */
export interface CaseAdvice {
  adviceRequestId: string;
  askedBy: string;
  askedAt: string;
  concern: string;
  messages: AdviceMessageRecord[];
  convertedBy: string;
  convertedAt: string;
}
