// POST /covenant/decisions: asks the covenant whether a disclosure would be allowed, and why. A
// question only: nothing is read or shared, so any partner may ask it for any sender (the privacy
// officer checks what a partner may do). Decided under the version in force now, or at `at`.
import { findOrganisation } from '@cter/config';
import { ValidationFailed, type ErrorDetail } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { allCovenants, covenantInForce, decideSharing, legalBasisOf } from '@cter/covenant-domain';
import * as routes from '@cter/routes/covenant';

export const handler = httpRoute(routes.askCovenant, {
  handle: async (request) => {
    const { caller, body } = request;
    const problems: ErrorDetail[] = [];
    const sender = body.sender === undefined ? caller.organisation : findOrganisation(caller.regionId, body.sender);
    if (!sender) problems.push({ path: 'sender', message: `not a partner organisation of ${caller.regionId}` });
    const recipients = body.recipients.map((r, i) => {
      const organisation = findOrganisation(caller.regionId, r.organisationId);
      if (!organisation) problems.push({ path: `recipients.${i}.organisationId`, message: `not a partner organisation of ${caller.regionId}` });
      return { organisationId: r.organisationId, type: organisation?.type ?? 'unknown', invited: r.invited };
    });
    if (problems.length > 0 || !sender) throw new ValidationFailed('the question names unknown organisations', problems);

    const at = body.at ? new Date(body.at) : new Date();
    const covenant = covenantInForce(at, allCovenants());
    const decision = decideSharing(covenant, {
      sender: { organisationId: sender.id, type: sender.type },
      recipients,
      categories: body.categories,
      purpose: body.purpose,
      stage: body.stage,
      basis: body.basis,
    });
    const legalBasis = legalBasisOf(covenant.document, sender.type, body.basis);
    return {
      status: 200,
      body: {
        decision: decision.decision,
        covenantVersion: decision.covenantVersion,
        stage: decision.stage,
        decidedAt: at.toISOString(),
        ...(legalBasis ? { legalBasis } : {}),
        outcomes: decision.outcomes.map((o) => ({
          recipient: o.recipient.organisationId,
          recipientType: o.recipient.type,
          category: o.category,
          decision: o.decision,
          policies: o.policies,
          articles: o.articles,
          reason: o.reason,
        })),
        reasons: decision.reasons,
      },
    };
  },
});
