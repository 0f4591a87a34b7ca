// The schemas of the risk and protective factors (factors.ts holds the lists).
import * as z from 'zod/mini';
import { PROTECTIVE_FACTORS, RISK_FACTORS } from './factors';

export const RiskFactor = /* @__PURE__ */ (() => z.enum(RISK_FACTORS).check(z.describe('Risk factor (risicofactor)')))();
export type RiskFactor = z.infer<typeof RiskFactor>;

export const ProtectiveFactor = /* @__PURE__ */ (() => z.enum(PROTECTIVE_FACTORS).check(z.describe('Protective factor (beschermende factor)')))();
export type ProtectiveFactor = z.infer<typeof ProtectiveFactor>;
