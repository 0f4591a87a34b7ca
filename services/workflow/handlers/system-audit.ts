// Audit entries of the work process itself: the actor is the workflow, not a partner.
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@cter/store';
import { covenantVersionAt } from '@cter/covenant-domain/versions';
import { region } from '../adapters/environment';

export function systemAudit(caseId: string, action: AuditEntry['action'], categories: string[], purpose: string, step: string): AuditEntry {
  return {
    caseId,
    action,
    route: `workflow:${step}`,
    organisationId: 'workflow',
    regionId: region.id,
    principalArn: `lambda:${process.env.AWS_LAMBDA_FUNCTION_NAME ?? step}`,
    categories,
    purpose,
    requestId: randomUUID(),
    covenantVersion: covenantVersionAt().id,
  };
}
