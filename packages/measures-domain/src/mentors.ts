// ONE-on-ONE mentors and the matching of a young person to one: same region, a free place,
// optional preferences. The match says why, and "no place" is a named error the programme can act on.
import * as z from 'zod/mini';
import { byCodeUnits, DomainError, ValidationFailed } from '@cter/domain';
import { catalogueMeasure, CURRENT_RULES, type CatalogueRules, ONE_ON_ONE_MEASURE_ID, TargetGroup } from '../catalogue/index';
import { EntityId, RegionId } from './references';
import { Language, MENTOR_GENDERS } from './contract/mentor-attributes';

export { MENTOR_GENDERS };
import { targetGroupFit } from './target-fit';
import { parseInput } from './validation';


export const Mentor = /* @__PURE__ */ (() => z
  .strictObject({
    mentorId: EntityId,
    regionId: RegionId,
    /** How many young people the mentor can guide at once. */
    capacity: z.int('a whole number').check(z.gte(0, 'at least 0'), z.lte(10, 'at most 10')),
    activeMentees: z.int('a whole number').check(z.gte(0, 'at least 0')),
    languages: z.array(Language).check(z.minLength(1, 'name at least one language')),
    gender: z.enum(MENTOR_GENDERS),
  })
  .check(z.describe('A trained ONE-on-ONE mentor (mentor)')))();
export type Mentor = z.infer<typeof Mentor>;

export const MatchRequest = /* @__PURE__ */ (() => z
  .strictObject({
    regionId: RegionId,
    targetGroups: z.array(TargetGroup).check(z.minLength(1, 'name at least one target group')),
    /** Wishes of the young person; honoured when a mentor with a free place meets them. */
    preferences: z._default(z.strictObject({ language: z.optional(Language), mentorGender: z.optional(z.enum(MENTOR_GENDERS)) }), {}),
  })
  .check(z.describe('A request to match a young person to a ONE-on-ONE mentor (koppeling)')))();
export type MatchRequest = z.input<typeof MatchRequest>;

export interface MentorMatch {
  mentorId: string;
  reasons: string[];
  unmetPreferences: string[];
  freePlacesBefore: number;
}

/** No mentor in the region has a free place: the programme must add capacity or keep a waiting list. */
export class NoMentorCapacity extends DomainError {
  readonly status = 409;
  readonly code = 'NoMentorCapacity';
  constructor(regionId: string, mentorsInRegion: number) {
    super(
      mentorsInRegion === 0
        ? `there is no ONE-on-ONE mentor in region ${regionId}`
        : `all ${mentorsInRegion} ONE-on-ONE mentors in region ${regionId} are at capacity; add capacity or place the young person on the waiting list`,
    );
  }
}

export function freePlaces(mentor: Mentor): number {
  return Math.max(0, mentor.capacity - mentor.activeMentees);
}

/**
 * Preferences are soft: a match that meets more of them wins, but a young person is not left
 * without a mentor because no one meets them. Ties go to the mentor with most free places
 * (spreads the load), then to the lowest id (stable).
 */
export function matchMentor(request: MatchRequest, mentors: readonly Mentor[], catalogue: CatalogueRules = CURRENT_RULES): MentorMatch {
  const req = parseInput(MatchRequest, request, 'match request');
  const pool = mentors.map((m) => parseInput(Mentor, m, 'mentor'));
  const fit = targetGroupFit(catalogueMeasure(catalogue, ONE_ON_ONE_MEASURE_ID), req.targetGroups);
  if (!fit.fits) throw new ValidationFailed(`ONE-on-ONE does not fit: ${fit.reason}`, [{ path: 'targetGroups', message: fit.reason }]);

  const inRegion = pool.filter((m) => m.regionId === req.regionId);
  const available = inRegion.filter((m) => freePlaces(m) > 0);
  if (available.length === 0) throw new NoMentorCapacity(req.regionId, inRegion.length);

  const { language, mentorGender } = req.preferences;
  const rated = available.map((mentor) => {
    const met: string[] = [];
    const unmet: string[] = [];
    if (language) (mentor.languages.includes(language) ? met : unmet).push(`language ${language}`);
    if (mentorGender) (mentor.gender === mentorGender ? met : unmet).push(`mentor gender ${mentorGender}`);
    return { mentor, met, unmet };
  });
  rated.sort(
    (a, b) =>
      b.met.length - a.met.length ||
      freePlaces(b.mentor) - freePlaces(a.mentor) ||
      byCodeUnits(a.mentor.mentorId, b.mentor.mentorId),
  );
  const best = rated[0]!;
  const places = freePlaces(best.mentor);
  return {
    mentorId: best.mentor.mentorId,
    reasons: [
      `same region ${req.regionId}`,
      `has capacity: ${places} of ${best.mentor.capacity} places free`,
      ...best.met.map((p) => `meets preference ${p}`),
    ],
    unmetPreferences: best.unmet,
    freePlacesBefore: places,
  };
}
