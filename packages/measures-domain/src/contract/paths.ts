// Path parameters of the measures routes.
import * as z from 'zod/mini';
import { EntityId } from '../references';

export const CaseMeasurePath = /* @__PURE__ */ (() => z.strictObject({ caseId: z.uuid('a case id is a UUID'), measureId: EntityId }))();
export const MentorPath = /* @__PURE__ */ (() => z.strictObject({ mentorId: EntityId }))();
