// The organisation types of the platform (packages/config) as a schema: who may own a measure, who owns one.
import * as z from 'zod/mini';
import { ORGANISATION_TYPES } from '@cter/config';

export const OrganisationType = /* @__PURE__ */ (() => z.enum(ORGANISATION_TYPES).check(z.describe('Partner organisation type (soort partnerorganisatie)')))();
