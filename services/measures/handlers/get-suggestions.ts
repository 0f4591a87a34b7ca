// GET /cases/{caseId}/measures/suggestions: catalogue measures that fit the case, each with the
// reasons it fits (fitting.ts). Based on the plan's target groups and recorded risk and protective
// factors; before there is a plan, on the target group the case itself gives (age, detention).
import { httpRoute } from '@cter/http';
import { amsterdamDate } from '@cter/domain';
import { factorsFor, isHealthFactor, receivesHealthData } from '@cter/measures-domain/factor-view';
import { suggestMeasures, type FittingRequest } from '@cter/measures-domain/fitting';
import { hasEnded } from '@cter/measures-domain/measure';
import { deriveTargetProfile } from '@cter/measures-domain/target-group';
import * as routes from '@cter/routes/measures';
import * as measures from '../adapters/measures-repository';
import { auditEntry, loadVisibleCase } from './measure-access';

export const handler = httpRoute(routes.getSuggestions, {
  handle: async (request) => {
    const { caller, path } = request;
    // One round trip for both reads; the plan is used only when the case is visible.
    const [{ record }, stored] = await Promise.all([loadVisibleCase(caller, path.caseId), measures.getPlan(path.caseId)]);
    let facts: FittingRequest;
    let basedOn: Record<string, unknown>;
    // Health-related factors count only for the recipients of health data the covenant lists: the
    // suggestions (and their reasons) of anyone else are based on the other factors.
    const healthData = receivesHealthData(caller.organisation.type);
    if (stored) {
      const { plan } = stored;
      facts = {
        targetGroups: plan.targetGroups,
        riskFactors: factorsFor(plan.riskFactors, healthData),
        protectiveFactors: factorsFor(plan.protectiveFactors, healthData),
        excludeCatalogueIds: plan.measures.filter((m) => !hasEnded(m)).map((m) => m.catalogueId),
      };
      basedOn = { source: 'plan', planVersion: plan.version, ...facts };
    } else {
      const profile = deriveTargetProfile({ birthDate: record.birthDate, onDate: amsterdamDate(new Date()), detaineeOrReturnee: record.detention !== undefined });
      facts = { targetGroups: profile.targetGroups };
      basedOn = { source: 'case', targetGroups: profile.targetGroups, riskFactors: [], protectiveFactors: [] };
    }
    const result = suggestMeasures(facts);
    await measures.recordRead(auditEntry(caller, request, record.caseId, 'read', stored ? ['plan', 'risk-factors', ...(healthData && [...stored.plan.riskFactors, ...stored.plan.protectiveFactors].some(isHealthFactor) ? ['special-health'] : [])] : ['identity'], 'case-consultation'));
    return { status: 200, body: { caseId: record.caseId, basedOn, ...result } };
  },
});
